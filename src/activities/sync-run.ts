import type { ConnectionStatus } from '../domain/connection';
import { needsReconnect } from '../domain/sync-failures';
import { resumedPlan } from '../domain/sync-resume';
import { isResumable, type SyncCounts, type SyncKind, type SyncPhase, type SyncRun } from '../domain/sync-run';
import type { SlicePlan } from '../domain/sync-slices';
import { createAlerting } from './connection-alerts';
import type { ActivityDeps } from './deps';

export interface StartSyncRunInput {
  /** the run this workflow execution starts when there is none to resume */
  syncRunId: string;
  connectionId: string;
  workflowId: string;
  kind: SyncKind;
}

export interface StartSyncRunOutput {
  /** the run the execution works on: `syncRunId`, or the earlier run it reopened */
  syncRunId: string;
  /** set when an earlier run is resumed: its range and the plan rebuilt from its checkpoints */
  resumed?: { createdBefore: number; plan: SlicePlan; resumes: number };
  connectionStatus?: ConnectionStatus;
}

export interface RecordSyncProgressInput {
  syncRunId: string;
  phase: SyncPhase;
  /** estimated totals per object type, for progress bars and the ETA */
  totals: Partial<SyncCounts>;
  /** unix seconds: where the run's slices end, recorded once so a retry can resume the run */
  createdBefore?: number;
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

/** What a run's end left the connection as, for the workflow's `ConnectionStatus` search attribute. */
export interface SyncRunEndOutput {
  connectionStatus: ConnectionStatus;
}

/** The sync run's row (what the API shows) and the connection's status, through the lifecycle. */
export function createSyncRunActivities({ syncRuns, connections, checkpoints, logger, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
  /**
   * The execution's own run when it has one already (a retried activity, or a workflow reset to its
   * start, which reopens it); else the connection's last run if it did not succeed and is recent,
   * reopened; else a new run.
   */
  async function openRun(input: StartSyncRunInput): Promise<SyncRun> {
    const own = await syncRuns.findForExecution(input.syncRunId);
    if (own) return own.status === 'running' || own.status === 'succeeded' ? own : syncRuns.reopen(own.id, input.syncRunId);
    const latest = await syncRuns.latestForConnection(input.connectionId);
    if (latest && isResumable(latest, new Date())) {
      logger.info({ connectionId: input.connectionId, syncRunId: latest.id, endedAs: latest.status }, 'resuming the last sync run from its checkpoints');
      return syncRuns.reopen(latest.id, input.syncRunId);
    }
    return syncRuns.start({ id: input.syncRunId, connectionId: input.connectionId, workflowId: input.workflowId, kind: input.kind });
  }

  return {
    /**
     * Opens the run the sync works on. Idempotent: a retried start returns the same run. A run
     * whose range was recorded is resumed: its plan comes back from its committed checkpoints.
     */
    async startSyncRun(input: StartSyncRunInput): Promise<StartSyncRunOutput> {
      const run = await openRun(input);
      logger.info({ syncRunId: run.id, kind: input.kind, status: run.status, resumes: run.resumes }, 'sync run opened');
      const moved = run.status === 'running' ? await connections.move(input.connectionId, 'syncStarted') : undefined;
      const connectionStatus = moved?.status;
      if (run.createdBefore === null || run.status !== 'running') return { syncRunId: run.id, connectionStatus };
      const plan = resumedPlan(await checkpoints.listForRun(run.id), run.createdBefore);
      return { syncRunId: run.id, resumed: { createdBefore: run.createdBefore, plan, resumes: run.resumes }, connectionStatus };
    },

    async recordSyncProgress({ syncRunId, phase, totals, createdBefore }: RecordSyncProgressInput): Promise<void> {
      await syncRuns.progress(syncRunId, { phase, totals, createdBefore });
    },

    /** Only a run whose every slice finished gets here: a partial sync is never reported complete. */
    async completeSyncRun({ syncRunId, connectionId, counts }: CompleteSyncRunInput): Promise<SyncRunEndOutput> {
      await syncRuns.progress(syncRunId, { counts, totals: counts });
      await syncRuns.finish(syncRunId, 'succeeded');
      logger.info({ syncRunId, counts }, 'sync run succeeded');
      return { connectionStatus: (await connections.move(connectionId, 'syncSucceeded')).status };
    },

    async failSyncRun({ syncRunId, connectionId, failureType, message, canceled }: FailSyncRunInput): Promise<SyncRunEndOutput> {
      await syncRuns.finish(syncRunId, canceled ? 'canceled' : 'failed', message);
      logger.warn({ syncRunId, failureType, canceled: !!canceled, error: message }, 'sync run ended without completing');
      const cause = needsReconnect(failureType) ? 'credentialsRejected' : 'syncFailed';
      return { connectionStatus: (await alerting.move(connectionId, cause, message, { canceled })).status };
    },
  };
}
