import assert from 'node:assert/strict';
import { cancellationSignal } from '@temporalio/activity';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities, FollowSyncWorkflowOutput, ProcessStripeEventsInput, ProcessStripeEventsOutput } from '../../../src/activities';
import { randomBase62 } from '../../../src/domain/ids';
import type { StripeAccountInput } from '../../../src/workflows/messages';
import type { StripeAccountWorkflow } from '../../../src/workflows/stripe-account';
import { sharedTemporal } from '../temporal';

const silent = () => undefined;
const quietLogger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, log: silent };

export type AccountHandle = WorkflowHandleWithFirstExecutionRunId<typeof StripeAccountWorkflow>;

/** A fake inbox: `latest` is its newest number; processing moves `processed` up to it. */
export function fakeInbox() {
  const inbox = { latest: 0, processed: 0, calls: [] as ProcessStripeEventsInput[], failNext: 0, polls: 0 };
  const processStripeEvents = async (input: ProcessStripeEventsInput): Promise<ProcessStripeEventsOutput> => {
    inbox.calls.push(input);
    assert.equal(input.afterSeq, inbox.processed, 'the workflow resumes where the last call ended');
    if (inbox.failNext-- > 0) return { processedSeq: input.afterSeq, latestSeq: inbox.latest, processed: 0, dead: 0, retryInMs: 200, automationStarts: [], wakes: [] };
    const upTo = Math.min(inbox.latest, input.afterSeq + input.maxEvents);
    const processed = upTo - input.afterSeq;
    inbox.processed = upTo;
    return { processedSeq: upTo, latestSeq: inbox.latest, processed, dead: 0, automationStarts: [], wakes: [] };
  };
  const pollStripeEvents = async () => {
    inbox.polls++;
    return { stored: 0, latestSeq: inbox.latest, startingAfter: null, beyondRetention: false, nextPollSeconds: 300 };
  };
  const importTimelineHistory = async () => ({ recorded: 0, next: null });
  return { inbox, processStripeEvents, pollStripeEvents, importTimelineHistory };
}

/**
 * The follow activity without a database: waits, through the test's client, for the sync to close
 * (or for the account workflow to move on), and reports `status` as the connection's.
 */
export const followThroughClient = (status: () => FollowSyncWorkflowOutput['connectionStatus'] = () => 'active'): Activities['followSyncWorkflow'] =>
  async ({ connectionId }) => {
    const { client } = await sharedTemporal();
    await client.withAbortSignal(cancellationSignal(), () => client.workflow.getHandle(`stripe-sync:${connectionId}`).result().catch(() => undefined));
    return { closed: 'completed', recorded: false, connectionStatus: status() };
  };

/** A sync of an empty account whose first step waits for the test, so it can be seen running. */
export function gatedSyncActivities(gate: Promise<void>): Partial<Activities> {
  return {
    startSyncRun: async (i) => ({ syncRunId: i.syncRunId }),
    describeStripeAccount: async () => {
      await gate;
      return { accountCreated: Math.floor(Date.now() / 1000) - 60, concurrency: 2 };
    },
    countStripeObjects: async () => ({ customers: 0, subscriptions: 0, charges: 0 }),
    copyStripeSlice: async ({ slice }) => ({ id: slice.id, cursor: null, lastCreated: null, count: 0, done: true, pages: 1 }),
    reconcileSyncedObjects: async () => ({ deletedCustomers: 0, unmatchedCharges: 0 }),
    completeSyncRun: async () => ({ connectionStatus: 'active' }),
    failSyncRun: async () => ({ connectionStatus: 'error' }),
    recordSyncProgress: async () => undefined,
    checkConnectionSyncable: async () => undefined,
  };
}

/** A gate a test opens when it wants: `release()` lets what waits on `gate` go on. */
export function gate(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const opened = new Promise<void>((r) => { release = r; });
  return { gate: opened, release };
}

/**
 * The account workflow on a worker of its own (bundled once per suite, the task queue unique),
 * with the given fake activities; `start` starts a run for a new connection id.
 */
export function useAccountWorkflowWorker() {
  let bundle: WorkflowBundle;
  before(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../../src/workflows/index'), logger: quietLogger });
  });
  return async function withWorker<T>(activities: Partial<Activities>, body: (start: (input?: Partial<StripeAccountInput>) => Promise<AccountHandle>) => Promise<T>) {
    const temporal = await sharedTemporal();
    const taskQueue = `account-wf-${randomBase62(8)}`;
    const worker = await Worker.create({
      connection: temporal.connection, taskQueue, workflowBundle: bundle, activities: { followSyncWorkflow: followThroughClient(), ...activities } as Activities,
    });
    const start = async (input: Partial<StripeAccountInput> = {}): Promise<AccountHandle> => {
      const connectionId = `conn_${randomBase62(8)}`;
      return temporal.client.workflow.start<typeof StripeAccountWorkflow>('StripeAccountWorkflow', {
        taskQueue, workflowId: `stripe-account:${connectionId}`,
        args: [{ connectionId, projectId: 'proj_1', stripeAccountId: 'acct_1', livemode: false, ...input }],
      });
    };
    return worker.runUntil(body(start));
  };
}

/** The sync's workflow id for an account workflow's handle. */
export const syncIdOf = (handle: AccountHandle) => `stripe-sync:${handle.workflowId.split(':')[1]}`;
