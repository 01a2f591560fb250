export type SyncKind = 'initial' | 'resync';
/**
 * `terminated` and `timed_out`: the sync's workflow was ended from outside (the Temporal UI or CLI,
 * or a timeout someone set), so it could not record anything itself; the account workflow that
 * follows it does.
 */
export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'canceled' | 'terminated' | 'timed_out';

/** How a run ended, when it did not succeed. */
export type SyncRunEnd = Exclude<SyncRunStatus, 'running' | 'succeeded'>;
export type SyncPhase = 'starting' | 'customers' | 'subscriptions' | 'charges' | 'profiles' | 'done' | 'failed';

export interface SyncCounts {
  customers: number;
  subscriptions: number;
  charges: number;
  unmatchedCharges: number;
}

export const emptyCounts = (): SyncCounts => ({ customers: 0, subscriptions: 0, charges: 0, unmatchedCharges: 0 });

export interface SyncRun {
  id: string;
  connectionId: string;
  workflowId: string;
  kind: SyncKind;
  status: SyncRunStatus;
  phase: SyncPhase;
  counts: SyncCounts;
  /** Estimated totals per object type (for progress bars and the ETA), when known. */
  totals: Partial<SyncCounts>;
  error: string | null;
  /** when `error` was recorded */
  errorAt: Date | null;
  /** unix seconds: the run's slices end here (null until its plan is made) */
  createdBefore: number | null;
  /** how many times a retry reopened this run; when it last did, and how many objects it had copied then */
  resumes: number;
  resumedAt: Date | null;
  copiedAtResume: number;
  startedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}

/**
 * How long a run that did not succeed stays resumable. Past this, too much may have changed for
 * its committed pages to be trusted, and the next sync starts afresh.
 */
export const RESUMABLE_FOR_MS = 7 * 24 * 3600 * 1000;

/**
 * Whether the connection's next sync picks this run up again, from its committed checkpoints,
 * instead of starting a new one. A run still `running` here belongs to an execution that is gone
 * (only one sync of a connection runs at a time), so it is resumed too.
 */
export const isResumable = (run: SyncRun, now: Date): boolean =>
  run.status !== 'succeeded' && run.createdBefore !== null && now.getTime() - run.startedAt.getTime() < RESUMABLE_FOR_MS;
