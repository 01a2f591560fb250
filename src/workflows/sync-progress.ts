/** How a sync's state reads to people: phase, counts, estimates and the UI's markdown. Pure. */
import type { SyncCounts, SyncPhase } from '../domain/sync-run';
import { STRIPE_OBJECT_TYPES, countOf, estimateTotal, typeDone, type SlicePlan, type StripeObjectType } from '../domain/sync-slices';
import type { StripeSyncProgress, StripeSyncState } from './messages';

type TypeCounts = Omit<SyncCounts, 'unmatchedCharges'>;

const perType = (f: (type: StripeObjectType) => number): TypeCounts =>
  Object.fromEntries(STRIPE_OBJECT_TYPES.map((t) => [t, f(t)])) as unknown as TypeCounts;

/** All types page at once; the phase names the first one not yet complete. */
export function copyPhase(plan: SlicePlan): SyncPhase {
  return STRIPE_OBJECT_TYPES.find((t) => !typeDone(plan, t)) ?? 'profiles';
}

export const planCounts = (plan: SlicePlan): TypeCounts => perType((t) => countOf(plan, t));
export const planTotals = (plan: SlicePlan): TypeCounts => perType((t) => estimateTotal(plan, t));

export function progressView(state: StripeSyncState | undefined, phase: SyncPhase, running: ReadonlySet<string>): StripeSyncProgress {
  const plan = state?.plan ?? { slices: [], nextSeq: 0 };
  return {
    syncRunId: state?.syncRunId ?? null,
    phase,
    counts: planCounts(plan),
    totals: planTotals(plan),
    slices: { total: plan.slices.length, done: plan.slices.filter((s) => s.done).length, running: running.size },
    continuedAsNew: state?.continuedAsNew ?? 0,
  };
}

/** The Temporal UI's "current details": a progress table ops can read at a glance. */
export function progressMarkdown(view: StripeSyncProgress): string {
  const rows = STRIPE_OBJECT_TYPES.map((t) => `| ${t} | ${view.counts[t]} | ~${view.totals[t]} |`);
  return [
    `**Phase:** ${view.phase} · **slices:** ${view.slices.done}/${view.slices.total} done, ${view.slices.running} running · **continued as new:** ${view.continuedAsNew}×`,
    '',
    '| object | copied | estimated total |',
    '|---|---:|---:|',
    ...rows,
    '',
    `Sync run \`${view.syncRunId ?? '…'}\`; counts and errors also in \`sync_runs\`.`,
  ].join('\n');
}
