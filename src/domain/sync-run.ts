export type SyncKind = 'initial' | 'resync';
export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'canceled';
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
  startedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}
