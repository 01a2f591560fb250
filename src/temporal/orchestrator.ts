import { Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { StripeConnection } from '../domain/connection';
import type { SyncKind } from '../domain/sync-run';
import type { StripeAccountWorkflow } from '../workflows';
import {
  connectionStatusChangedSignal, inboxAdvancedSignal, resyncUpdate, timelineHistoryRequestedSignal, type StripeAccountInput,
} from '../workflows/messages';
import { accountWorkflowDetails, accountWorkflowSummary } from '../workflows/shared/summaries';
import { accountWorkflowId } from './ids';
import { ConnectionIdAttribute, ConnectionStatusAttribute, ProjectIdAttribute, StripeAccountIdAttribute } from './search-attributes';

/** The API's only door into Temporal. */
export interface Orchestrator {
  /**
   * Asks the connection's account workflow (started if it is not running) to start its sync,
   * unless one is running (a second click starts nothing new). Returns whether a new run started.
   */
  startSync(connection: StripeConnection, kind: SyncKind): Promise<{ workflowId: string; started: boolean }>;
  /** Tells the connection's account workflow (started if need be) that its inbox holds events up to `seq`. */
  wakeAccount(connection: StripeConnection, seq: number): Promise<void>;
  /** Asks the account workflow to put the customers' past on their timelines (the connection's option is on). */
  requestTimelineHistory(connection: StripeConnection): Promise<void>;
  /**
   * Tells the connection's account workflow, if it runs, the status the API just gave the
   * connection, for its `ConnectionStatus` search attribute (a sync's end it learns by itself).
   */
  connectionStatusChanged(connection: StripeConnection): Promise<void>;
  /** Liveness of the Temporal frontend, for /healthz. */
  health(): Promise<{ ok: boolean; error?: string }>;
}

export function createOrchestrator(client: Client, taskQueue: string): Orchestrator {
  /** How the account workflow is started, whichever message starts it. */
  const accountStart = (connection: StripeConnection) => ({
    taskQueue,
    workflowId: accountWorkflowId(connection.id),
    args: [{
      connectionId: connection.id, projectId: connection.projectId, stripeAccountId: connection.stripeAccountId, livemode: connection.livemode,
      accountName: connection.accountName,
    }] as [StripeAccountInput],
    typedSearchAttributes: [
      { key: ProjectIdAttribute, value: connection.projectId },
      { key: ConnectionIdAttribute, value: connection.id },
      { key: StripeAccountIdAttribute, value: connection.stripeAccountId },
      { key: ConnectionStatusAttribute, value: connection.status },
    ],
    staticSummary: accountWorkflowSummary(connection),
    staticDetails: accountWorkflowDetails({ ...connection, connectionId: connection.id }),
  });

  return {
    async startSync(connection, kind) {
      return client.workflow.executeUpdateWithStart(resyncUpdate, {
        args: [{ kind }],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof StripeAccountWorkflow>('StripeAccountWorkflow', {
          ...accountStart(connection),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    },
    async wakeAccount(connection, seq) {
      await client.workflow.signalWithStart<typeof StripeAccountWorkflow, [number]>('StripeAccountWorkflow', {
        ...accountStart(connection),
        signal: inboxAdvancedSignal,
        signalArgs: [seq],
      });
    },
    async requestTimelineHistory(connection) {
      await client.workflow.signalWithStart<typeof StripeAccountWorkflow, []>('StripeAccountWorkflow', {
        ...accountStart(connection),
        signal: timelineHistoryRequestedSignal,
        signalArgs: [],
      });
    },
    async connectionStatusChanged(connection) {
      try {
        await client.workflow.getHandle(accountWorkflowId(connection.id)).signal(connectionStatusChangedSignal, connection.status);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
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
