import { cancellationSignal, getClient } from '@temporalio/activity';
import { CancelledFailure, TerminatedFailure, TimeoutFailure, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ConnectionStatus } from '../domain/connection';
import type { SyncRunEnd } from '../domain/sync-run';
import { syncRunIdOf, syncWorkflowId } from '../workflows/shared/ids';
import { createAlerting } from './connection-alerts';
import type { ActivityDeps } from './deps';
import { keepHeartbeating } from './heartbeat';

export interface FollowSyncWorkflowInput {
  connectionId: string;
}

export interface FollowSyncWorkflowOutput {
  /** how the sync's workflow execution closed (`missing`: there was none) */
  closed: 'completed' | 'failed' | 'canceled' | 'terminated' | 'timed_out' | 'missing';
  /** whether this activity recorded the end on the run (the sync could not: it was ended from outside) */
  recorded: boolean;
  connectionStatus: ConnectionStatus;
}

interface Closing {
  closed: FollowSyncWorkflowOutput['closed'];
  /** set when the sync could not record its end itself: what to record, and why */
  end?: SyncRunEnd;
  reason?: string;
}

/** How a closed execution ended, from the error its result threw. */
function closing(error: unknown): Closing {
  if (error instanceof WorkflowNotFoundError) return { closed: 'missing' };
  if (!(error instanceof WorkflowFailedError)) throw error;
  if (error.cause instanceof TerminatedFailure) {
    return { closed: 'terminated', end: 'terminated', reason: `The sync was terminated from outside: ${error.cause.message}.` };
  }
  if (error.cause instanceof TimeoutFailure) return { closed: 'timed_out', end: 'timed_out', reason: 'The sync ran past the workflow timeout set on it.' };
  return { closed: error.cause instanceof CancelledFailure ? 'canceled' : 'failed' };
}

/** The account workflow's eyes on its sync: waits for the sync's workflow to close, however it closes. */
export function createFollowSyncActivities({ syncRuns, connections, logger, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
  return {
    /**
     * Returns once the connection's sync workflow has closed (following its continue-as-new).
     * A sync that fails or completes records that itself; one terminated or timed out from outside
     * cannot, so its run is marked here, with the reason, and the connection shows the error with
     * Retry. Heartbeats while it waits; a cancel (the account workflow moved on) stops the wait.
     */
    async followSyncWorkflow({ connectionId }: FollowSyncWorkflowInput): Promise<FollowSyncWorkflowOutput> {
      const client = getClient();
      const handle = client.workflow.getHandle(syncWorkflowId(connectionId));
      const heart = keepHeartbeating(() => ({ connectionId }), 5_000);
      try {
        const { closed, end, reason, firstRunId } = await client.withAbortSignal(cancellationSignal(), async (): Promise<Closing & { firstRunId?: string }> => {
          const described = await handle.describe().catch((e: unknown) => {
            if (e instanceof WorkflowNotFoundError) return undefined;
            throw e;
          });
          if (!described) return { closed: 'missing' };
          const firstRunId = described.raw.workflowExecutionInfo?.firstRunId || undefined;
          return handle.result().then((): Closing => ({ closed: 'completed' }), closing).then((c) => ({ ...c, firstRunId }));
        });
        let recorded = false;
        if (end && reason) {
          const run = firstRunId ? await syncRuns.findForExecution(syncRunIdOf(firstRunId)) : await syncRuns.latestForConnection(connectionId);
          recorded = !!run && (await syncRuns.endIfRunning(run.id, end, reason));
          if (recorded) {
            logger.warn({ connectionId, syncRunId: run!.id, status: end }, 'the sync was ended from outside; its run is marked');
            await alerting.move(connectionId, 'syncFailed', reason);
          }
        }
        return { closed, recorded, connectionStatus: (await connections.get(connectionId)).status };
      } finally {
        heart.stop();
      }
    },
  };
}
