import { ApplicationFailure, Client, WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { StripeConnection } from '../domain/connection';
import { DomainError } from '../domain/errors';
import { SYNC_FAILURE } from '../domain/sync-failures';
import type { SyncKind } from '../domain/sync-run';
import type { StripeAccountWorkflow } from '../workflows';
import { automationDisabledSignal } from '../workflows/automations/kit/messages';
import type { DriftCounts } from '../domain/drift';
import {
  connectionStatusChangedSignal, disconnectUpdate, driftCheckRequestedSignal, driftCheckScheduledSignal, inboxAdvancedSignal,
  resyncCustomerUpdate, resyncUpdate, timelineHistoryRequestedSignal, type DisconnectRequest, type DisconnectResult, type StripeAccountInput,
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
   * Tells these automation runs their automation was switched off, so each ends at its next step
   * ("canceled: automation disabled"). Runs already gone are skipped; returns how many were told.
   */
  cancelAutomationRuns(workflowIds: string[]): Promise<number>;
  /**
   * Disconnects the account through its account workflow (started if need be), which tells Stripe,
   * disconnects and wipes the connection, stops its sync, purges when asked, and ends. Resolves
   * once all of that is done.
   */
  disconnect(connection: StripeConnection, request: DisconnectRequest): Promise<DisconnectResult>;
  /** "Resync this customer": the account workflow refetches one Stripe customer with its subscriptions and charges. */
  resyncCustomer(connection: StripeConnection, customerId: string): Promise<DriftCounts>;
  /** Runs the connection's drift check now. */
  requestDriftCheck(connection: StripeConnection): Promise<void>;
  /** The connection's drift check now runs every `everyHours` (0: never). */
  scheduleDriftCheck(connection: StripeConnection, everyHours: number): Promise<void>;
  /**
   * Tells the connection's account workflow, if it runs, the status the API just gave the
   * connection, for its `ConnectionStatus` search attribute (a sync's end it learns by itself).
   */
  connectionStatusChanged(connection: StripeConnection): Promise<void>;
  /** Liveness of the Temporal frontend, for /healthz. */
  health(): Promise<{ ok: boolean; error?: string }>;
}

/**
 * An Update the account workflow refused because the connection cannot sync (disconnected, needing
 * reconnection, being disconnected) becomes a conflict with the workflow's reason.
 */
function refusal(error: unknown): unknown {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === SYNC_FAILURE.notSyncable) return new DomainError('conflict', cause.message);
  return error;
}

export function createOrchestrator(client: Client, taskQueue: string): Orchestrator {
  /** How the account workflow is started, whichever message starts it. */
  const accountStart = (connection: StripeConnection) => ({
    taskQueue,
    workflowId: accountWorkflowId(connection.id),
    args: [{
      connectionId: connection.id, projectId: connection.projectId, stripeAccountId: connection.stripeAccountId, livemode: connection.livemode,
      mode: connection.mode,
      driftCheckEverySeconds: connection.driftCheckEveryHours * 3600,
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

  /** The account workflow for an Update: the running one, or a new one that handles it first. */
  const startOrJoin = (connection: StripeConnection) => new WithStartWorkflowOperation<typeof StripeAccountWorkflow>('StripeAccountWorkflow', {
    ...accountStart(connection),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });

  return {
    async startSync(connection, kind) {
      return client.workflow.executeUpdateWithStart(resyncUpdate, { args: [{ kind }], startWorkflowOperation: startOrJoin(connection) })
        .catch((error: unknown) => { throw refusal(error); });
    },
    async disconnect(connection, request) {
      return client.workflow.executeUpdateWithStart(disconnectUpdate, { args: [request], startWorkflowOperation: startOrJoin(connection) });
    },
    async resyncCustomer(connection, customerId) {
      return client.workflow.executeUpdateWithStart(resyncCustomerUpdate, { args: [{ customerId }], startWorkflowOperation: startOrJoin(connection) })
        .catch((error: unknown) => { throw refusal(error); });
    },
    async requestDriftCheck(connection) {
      await client.workflow.signalWithStart<typeof StripeAccountWorkflow, []>('StripeAccountWorkflow', {
        ...accountStart(connection), signal: driftCheckRequestedSignal, signalArgs: [],
      });
    },
    async scheduleDriftCheck(connection, everyHours) {
      await client.workflow.signalWithStart<typeof StripeAccountWorkflow, [number]>('StripeAccountWorkflow', {
        ...accountStart(connection), signal: driftCheckScheduledSignal, signalArgs: [everyHours * 3600],
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
    async cancelAutomationRuns(workflowIds) {
      const told = await Promise.all(workflowIds.map(async (workflowId) => {
        try {
          await client.workflow.getHandle(workflowId).signal(automationDisabledSignal);
          return true;
        } catch (err) {
          // finished, or claimed and never started (it checks the switch when it begins)
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        }
      }));
      return told.filter(Boolean).length;
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
