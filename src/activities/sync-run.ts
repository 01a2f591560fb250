import type { SyncCounts, SyncKind, SyncPhase } from '../domain/sync-run';
import { needsReconnect } from '../domain/sync-failures';
import type { ActivityDeps } from './deps';

export interface StartSyncRunInput {
  syncRunId: string;
  connectionId: string;
  workflowId: string;
  kind: SyncKind;
}

export interface RecordSyncProgressInput {
  syncRunId: string;
  phase: SyncPhase;
  /** estimated totals per object type, for progress bars and the ETA */
  totals: Partial<SyncCounts>;
}

export interface CompleteSyncRunInput {
  syncRunId: string;
  connectionId: string;
  counts: SyncCounts;
}

export interface FailSyncRunInput {
  syncRunId: string;
  connectionId: string;
  /** the ApplicationFailure type that ended the sync, if any */
  failureType?: string;
  message: string;
  canceled?: boolean;
}

/** The sync run's row (what the API shows) and the connection's status, through the lifecycle. */
export function createSyncRunActivities({ syncRuns, connections }: ActivityDeps) {
  return {
    /** Idempotent: a retried start returns the same run and changes nothing. */
    async startSyncRun(input: StartSyncRunInput): Promise<{ syncRunId: string }> {
      const run = await syncRuns.start({ id: input.syncRunId, connectionId: input.connectionId, workflowId: input.workflowId, kind: input.kind });
      if (run.status === 'running') await connections.move(input.connectionId, 'syncStarted');
      return { syncRunId: run.id };
    },

    async recordSyncProgress({ syncRunId, phase, totals }: RecordSyncProgressInput): Promise<void> {
      await syncRuns.progress(syncRunId, { phase, totals });
    },

    /** Only a run whose every slice finished gets here: a partial sync is never reported complete. */
    async completeSyncRun({ syncRunId, connectionId, counts }: CompleteSyncRunInput): Promise<void> {
      await syncRuns.progress(syncRunId, { counts, totals: counts });
      await syncRuns.finish(syncRunId, 'succeeded');
      await connections.move(connectionId, 'syncSucceeded');
    },

    async failSyncRun({ syncRunId, connectionId, failureType, message, canceled }: FailSyncRunInput): Promise<void> {
      await syncRuns.finish(syncRunId, canceled ? 'canceled' : 'failed', message);
      await connections.move(connectionId, needsReconnect(failureType) ? 'credentialsRejected' : 'syncFailed', message);
    },
  };
}
