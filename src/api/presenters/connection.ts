import type { InboxCounts } from '../../db/event-inbox-store';
import type { StripeConnection } from '../../domain/connection';
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

/** A Stripe connection, its latest sync and its live events; never its credentials. */
export const presentConnection = (c: StripeConnection, run: SyncRun | undefined, now: Date, events?: InboxCounts, delivery?: 'webhooks' | 'polling') => ({
  id: c.id,
  stripeAccountId: c.stripeAccountId,
  accountName: c.accountName,
  mode: c.mode,
  livemode: c.livemode,
  status: c.status,
  statusMessage: c.statusMessage,
  connectedAt: c.connectedAt.toISOString(),
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
});

export type ConnectionView = ReturnType<typeof presentConnection>;
