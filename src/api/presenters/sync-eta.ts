import type { SyncRun } from '../../domain/sync-run';
import { objectProgress, type TrackedObject } from './sync-progress';

const TRACKED: TrackedObject[] = ['customers', 'subscriptions', 'charges'];

/**
 * Seconds left at the rate so far (since the run was last resumed, if it was); null when the run
 * is finished or a total is still unknown (no estimate beats a wrong one).
 */
export function etaSeconds(run: SyncRun, now: Date): number | null {
  if (run.status !== 'running') return null;
  let fetched = 0;
  let remaining = 0;
  for (const type of TRACKED) {
    const p = objectProgress(run, type);
    if (p.total === null) return null;
    fetched += p.count;
    remaining += Math.max(0, p.total - p.count);
  }
  const since = run.resumedAt ?? run.startedAt;
  const fetchedSince = fetched - (run.resumedAt ? run.copiedAtResume : 0);
  const elapsedSeconds = (now.getTime() - since.getTime()) / 1000;
  if (fetchedSince <= 0 || elapsedSeconds <= 0) return null;
  return Math.round((remaining * elapsedSeconds) / fetchedSince);
}
