import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { StripeConnection } from '../domain/connection';
import type { SyncKind } from '../domain/sync-run';
import type { StripeSyncInput } from '../workflows/messages';
import { syncWorkflowId } from './ids';
import { ConnectionIdAttribute, ProjectIdAttribute, StripeAccountIdAttribute, SyncPhaseAttribute } from './search-attributes';

/** The API's only door into Temporal. */
export interface Orchestrator {
  /**
   * Starts the sync for a connection unless one is running (a second click starts nothing new).
   * Returns whether a new run was started.
   */
  startSync(connection: StripeConnection, kind: SyncKind): Promise<{ workflowId: string; started: boolean }>;
  /** Liveness of the Temporal frontend, for /healthz. */
  health(): Promise<{ ok: boolean; error?: string }>;
}

export function createOrchestrator(client: Client, taskQueue: string): Orchestrator {
  return {
    async startSync(connection, kind) {
      const workflowId = syncWorkflowId(connection.id);
      const input: StripeSyncInput = { connectionId: connection.id, kind };
      const mode = connection.livemode ? 'live' : 'test';
      try {
        await client.workflow.start('StripeSyncWorkflow', {
          taskQueue,
          workflowId,
          args: [input],
          // FAIL (not USE_EXISTING) so that we learn whether this call started the run.
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          typedSearchAttributes: [
            { key: ProjectIdAttribute, value: connection.projectId },
            { key: ConnectionIdAttribute, value: connection.id },
            { key: StripeAccountIdAttribute, value: connection.stripeAccountId },
            { key: SyncPhaseAttribute, value: 'starting' },
          ],
          staticSummary: `${kind === 'initial' ? 'First sync' : 'Resync'} of ${connection.stripeAccountId} (${mode}) for project ${connection.projectId}`,
        });
        return { workflowId, started: true };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw err;
      }
    },
    async health() {
      try {
        await client.connection.withDeadline(Date.now() + 2_000, () => client.workflowService.getSystemInfo({}));
        return { ok: true };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      }
    },
  };
}
