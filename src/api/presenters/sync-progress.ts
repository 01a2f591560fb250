/**
 * Progress arithmetic shared by the server and the settings page's script: each function is
 * self-contained (no imports, no outer names) because the page ships it with `Function#toString`.
 */

export type TrackedObject = 'customers' | 'subscriptions' | 'charges';

export interface SyncSnapshot {
  phase: string;
  counts: Partial<Record<TrackedObject, number>>;
  totals: Partial<Record<TrackedObject, number>>;
}

export interface ObjectProgress {
  count: number;
  /** null while unknown */
  total: number | null;
  /** 0–100, null while unknown */
  percent: number | null;
  done: boolean;
}

/** An object type is done once the sync has moved past its phase; until then its count against its estimated total. */
export function objectProgress(sync: SyncSnapshot, type: TrackedObject): ObjectProgress {
  const order = ['starting', 'customers', 'subscriptions', 'charges', 'profiles', 'done'];
  const count = sync.counts[type] || 0;
  const at = order.indexOf(sync.phase);
  if (sync.phase === 'done' || at > order.indexOf(type)) return { count, total: count, percent: 100, done: true };
  const total = sync.totals[type];
  // an estimate of 0, or one already overtaken, says nothing: show the count alone until it firms up
  if (typeof total !== 'number' || total <= 0 || total < count) return { count, total: null, percent: null, done: false };
  return { count, total, percent: Math.min(99, Math.floor((count * 100) / total)), done: false };
}

/** "1,234 of 2,000", or "1,234" while the total is unknown. */
export function progressLabel(p: ObjectProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return p.total === null || p.done ? n(p.count) : `${n(p.count)} of ${n(p.total)}`;
}

/** "about 3 min left"; empty when there is no estimate. */
export function etaLabel(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** What the sync is doing, in words. */
export function phaseLabel(phase: string): string {
  const labels: { [phase: string]: string } = {
    starting: 'Starting…',
    customers: 'Importing customers…',
    subscriptions: 'Importing subscriptions…',
    charges: 'Importing charges…',
    profiles: 'Updating customer profiles…',
    done: 'Sync complete',
    failed: 'Sync failed',
  };
  return labels[phase] || phase;
}
