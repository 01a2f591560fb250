import type { InboxCounts } from '../../db/event-inbox-store';
import type { StripeConnection } from '../../domain/connection';
import type { DriftCheck } from '../../domain/drift';
import type { SyncRun } from '../../domain/sync-run';
import { etaSeconds } from './sync-eta';

const presentSync = (run: SyncRun, now: Date) => ({
  /** `running`, `succeeded`, `failed`, `canceled`, `terminated` or `timed_out` (the last two: ended from outside) */
  status: run.status,
  phase: run.phase,
  counts: run.counts,
  /** estimated totals per object type, for progress bars (a type is absent while unknown) */
  totals: run.totals,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  etaSeconds: etaSeconds(run, now),
  error: run.error,
  errorAt: run.errorAt?.toISOString() ?? null,
  /** how often a retry reopened this run, resuming from its committed pages */
  resumes: run.resumes,
});

const presentDriftCheck = (d: DriftCheck) => ({
  status: d.status,
  startedAt: d.startedAt.toISOString(),
  finishedAt: d.finishedAt?.toISOString() ?? null,
  /** per kind: objects compared (`checked`), and those repaired: `missing`, `stale` (differed), `removed` (gone from Stripe) */
  counts: d.counts,
  error: d.error,
});

/** A Stripe connection, its latest sync, its live events and its latest drift check; never its credentials. */
export const presentConnection = (
  c: StripeConnection, run: SyncRun | undefined, now: Date, events?: InboxCounts, delivery?: 'webhooks' | 'polling', drift?: DriftCheck,
) => ({
  id: c.id,
  stripeAccountId: c.stripeAccountId,
  accountName: c.accountName,
  mode: c.mode,
  livemode: c.livemode,
  status: c.status,
  statusMessage: c.statusMessage,
  connectedAt: c.connectedAt.toISOString(),
  /** while disconnected: when, and by whom (`stripe`: the account removed the app; `product`: Disconnect here) */
  disconnectedAt: c.disconnectedAt?.toISOString() ?? null,
  disconnectedBy: c.disconnectedBy,
  /** whether customers' timelines get their past from the synced objects (historical entries) */
  timelineHistory: c.timelineHistory,
  sync: run ? presentSync(run, now) : null,
  /** how live events arrive: `webhooks`, or `polling` when Stripe cannot reach APP_URL or no endpoint is registered */
  liveEvents: delivery ?? 'webhooks',
  /** when the newest live event was created in Stripe */
  lastEventAt: events?.lastEventAt?.toISOString() ?? null,
  webhooks: {
    received: events?.received ?? 0,
    /** deliveries that failed verification (counted for the connection's own endpoint) */
    rejected: c.webhooksRejected,
    ignored: events?.ignored ?? 0,
    dead: events?.dead ?? 0,
  },
  /** the weekly (by default) comparison of Stripe's objects with the stored ones, apart from the sync's own reconcile */
  driftCheck: { everyHours: c.driftCheckEveryHours, last: drift ? presentDriftCheck(drift) : null },
});

export type ConnectionView = ReturnType<typeof presentConnection>;
