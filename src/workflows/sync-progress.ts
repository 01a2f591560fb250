/** How a sync's state reads to people: phase, counts, estimates and the UI's markdown. Pure. */
import type { SyncCounts, SyncPhase } from '../domain/sync-run';
import { STRIPE_OBJECT_TYPES, countOf, estimateTotal, typeDone, type SlicePlan, type StripeObjectType, type SyncSlice } from '../domain/sync-slices';
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

const sum = (counts: TypeCounts) => STRIPE_OBJECT_TYPES.reduce((n, t) => n + counts[t], 0);
export const copiedSoFar = (plan: SlicePlan): number => sum(planCounts(plan));

/** Where the rate of this workflow run is measured from (workflow time, objects copied then). */
export interface RateBasis {
  sinceMs: number;
  copiedBefore: number;
}

/** Seconds left at this run's rate so far; null until there is a rate and every total is known. */
export function etaSeconds(counts: TypeCounts, totals: TypeCounts, basis: RateBasis | undefined, nowMs: number): number | null {
  if (!basis) return null;
  const copied = sum(counts);
  const copiedHere = copied - basis.copiedBefore;
  const seconds = (nowMs - basis.sinceMs) / 1000;
  if (copiedHere <= 0 || seconds <= 0) return null;
  return Math.round((Math.max(0, sum(totals) - copied) * seconds) / copiedHere);
}

export function progressView(
  state: StripeSyncState | undefined, phase: SyncPhase, running: ReadonlySet<string>, basis?: RateBasis,
): StripeSyncProgress {
  const plan = state?.plan ?? { slices: [], nextSeq: 0 };
  const counts = planCounts(plan);
  const totals = planTotals(plan);
  const copying = phase !== 'done' && phase !== 'failed' && phase !== 'profiles';
  // As on the settings page: an estimate of 0, or one already overtaken, is no estimate yet.
  const known = STRIPE_OBJECT_TYPES.every((t) => typeDone(plan, t) || (totals[t] > 0 && totals[t] >= counts[t]));
  return {
    syncRunId: state?.syncRunId ?? null,
    phase,
    counts,
    totals,
    slices: { total: plan.slices.length, done: plan.slices.filter((s) => s.done).length, running: running.size },
    continuedAsNew: state?.continuedAsNew ?? 0,
    etaSeconds: copying && known ? etaSeconds(counts, totals, basis, Date.now()) : null,
    budgetPerSecond: state?.budgetPerSecond ?? null,
    resumes: state?.resumes ?? 0,
  };
}

/** 12400 → "12,400" (no Intl: the same in every sandbox). */
const thousands = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 190 → "3 min", 45 → "45 s", 4800 → "1 h 20 min". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The Temporal UI's "current details": one line to read at a glance, then the table. */
export function progressMarkdown(view: StripeSyncProgress): string {
  const resumes = view.resumes ?? 0;
  const line = STRIPE_OBJECT_TYPES.map((t) => `**${t}** ${thousands(view.counts[t])} / ~${thousands(view.totals[t])}`).join(' · ');
  const extras = [
    `**phase:** ${view.phase}`,
    ...(view.budgetPerSecond ? [`**budget:** ${view.budgetPerSecond} req/s`] : []),
    ...(view.etaSeconds !== null && view.etaSeconds !== undefined ? [`**ETA:** ${duration(view.etaSeconds)}`] : []),
  ].join(' · ');
  const rows = STRIPE_OBJECT_TYPES.map((t) => `| ${t} | ${thousands(view.counts[t])} | ~${thousands(view.totals[t])} |`);
  return [
    line,
    '',
    extras,
    '',
    `**slices:** ${view.slices.done} of ${view.slices.total} done, ${view.slices.running} running · **continued as new:** ${view.continuedAsNew}×${resumes ? ` · **resumed:** ${resumes}×` : ''}`,
    '',
    '| object | copied | estimated total |',
    '|---|---:|---:|',
    ...rows,
    '',
    `Sync run \`${view.syncRunId ?? '…'}\`; counts and errors also in \`sync_runs\`.`,
  ].join('\n');
}

const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** An activity's summary in the UI: "customers 2024-03-01 → 2024-06-30, page 14". */
export const sliceSummary = (slice: SyncSlice): string =>
  `${slice.type} ${day(slice.gte)} → ${day(slice.lt - 1)}, page ${(slice.pages ?? 0) + 1}`;
