import assert from 'node:assert/strict';
import { cancellationSignal } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities, FollowSyncWorkflowOutput, ProcessStripeEventsInput, ProcessStripeEventsOutput } from '../activities';
import { randomBase62 } from '../domain/ids';
import { sharedTemporal } from '../../test/support/temporal';
import { waitFor } from '../../test/support/wait';
import {
  cancelSyncUpdate, connectionStatusChangedSignal, inboxAdvancedSignal, resyncUpdate, stripeAccountProgressQuery, type StripeAccountInput,
} from './messages';
import { ConnectionStatusAttribute } from './shared';
import { StripeAccountWorkflow } from './stripe-account';

const silent = () => undefined;
const quietLogger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, log: silent };

/** A fake inbox: `latest` is its newest number; processing moves `processed` up to it. */
function fakeInbox() {
  const inbox = { latest: 0, processed: 0, calls: [] as ProcessStripeEventsInput[], failNext: 0, polls: 0 };
  const processStripeEvents = async (input: ProcessStripeEventsInput): Promise<ProcessStripeEventsOutput> => {
    inbox.calls.push(input);
    assert.equal(input.afterSeq, inbox.processed, 'the workflow resumes where the last call ended');
    if (inbox.failNext-- > 0) return { processedSeq: input.afterSeq, latestSeq: inbox.latest, processed: 0, dead: 0, retryInMs: 200 };
    const upTo = Math.min(inbox.latest, input.afterSeq + input.maxEvents);
    const processed = upTo - input.afterSeq;
    inbox.processed = upTo;
    return { processedSeq: upTo, latestSeq: inbox.latest, processed, dead: 0 };
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
const followThroughClient = (status: () => FollowSyncWorkflowOutput['connectionStatus'] = () => 'active'): Activities['followSyncWorkflow'] =>
  async ({ connectionId }) => {
    const { client } = await sharedTemporal();
    await client.withAbortSignal(cancellationSignal(), () => client.workflow.getHandle(`stripe-sync:${connectionId}`).result().catch(() => undefined));
    return { closed: 'completed', recorded: false, connectionStatus: status() };
  };

/** A sync of an empty account whose first step waits for the test, so it can be seen running. */
function gatedSyncActivities(gate: Promise<void>): Partial<Activities> {
  return {
    startSyncRun: async (i) => ({ syncRunId: i.syncRunId }),
    describeStripeAccount: async () => {
      await gate;
      return { accountCreated: Math.floor(Date.now() / 1000) - 60, concurrency: 2 };
    },
    copyStripeSlice: async ({ slice }) => ({ id: slice.id, cursor: null, lastCreated: null, count: 0, done: true, pages: 1 }),
    reconcileSyncedObjects: async () => ({ deletedCustomers: 0, unmatchedCharges: 0 }),
    completeSyncRun: async () => ({ connectionStatus: 'active' }),
    failSyncRun: async () => ({ connectionStatus: 'error' }),
    recordSyncProgress: async () => undefined,
  };
}

describe('StripeAccountWorkflow (orchestration, with fake activities)', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: quietLogger });
  });

  type AccountHandle = WorkflowHandle<typeof StripeAccountWorkflow>;

  async function withWorker<T>(activities: Partial<Activities>, body: (start: (input?: Partial<StripeAccountInput>) => Promise<AccountHandle>) => Promise<T>) {
    const temporal = await sharedTemporal();
    const taskQueue = `account-wf-${randomBase62(8)}`;
    const worker = await Worker.create({
      connection: temporal.connection, taskQueue, workflowBundle: bundle, activities: { followSyncWorkflow: followThroughClient(), ...activities } as Activities,
    });
    const start = async (input: Partial<StripeAccountInput> = {}): Promise<AccountHandle> => {
      const connectionId = `conn_${randomBase62(8)}`;
      return temporal.client.workflow.start(StripeAccountWorkflow, {
        taskQueue, workflowId: `stripe-account:${connectionId}`,
        args: [{ connectionId, projectId: 'proj_1', stripeAccountId: 'acct_1', livemode: false, ...input }],
      });
    };
    return worker.runUntil(body(start));
  }

  it('processes every event of a burst in order, from far fewer signals than events, across continue-as-new', async () => {
    const { inbox, processStripeEvents, pollStripeEvents } = fakeInbox();
    await withWorker({ processStripeEvents, pollStripeEvents }, async (start) => {
      const handle = await start({ options: { continueAsNewAfterEvents: 40 } });
      for (let seq = 1; seq <= 1_000; seq++) {
        inbox.latest = seq;
        if (seq % 25 === 0) await handle.signal(inboxAdvancedSignal, seq);
      }
      const progress = await waitFor(async () => {
        const p = await handle.query(stripeAccountProgressQuery);
        return p.processedSeq === 1_000 && p;
      }, { what: 'all 1,000 events processed' });
      assert.ok(progress.continuedAsNew >= 1, `continued as new ${progress.continuedAsNew}×`);
      assert.equal(inbox.processed, 1_000);
      assert.equal(inbox.polls, 1, 'Stripe\'s event list read once, on start; not again after continue-as-new');
      assert.ok(inbox.calls.length <= 60, `${inbox.calls.length} activity calls`);
      await handle.terminate();
    });
  });

  it('an event that fails is tried again after the backoff, and the ones after it wait', async () => {
    const { inbox, processStripeEvents, pollStripeEvents } = fakeInbox();
    inbox.failNext = 2;
    await withWorker({ processStripeEvents, pollStripeEvents }, async (start) => {
      const handle = await start();
      inbox.latest = 3;
      await handle.signal(inboxAdvancedSignal, 3);
      await waitFor(async () => (await handle.query(stripeAccountProgressQuery)).processedSeq === 3, { what: 'processed after the retries' });
      assert.deepEqual(inbox.calls.map((c) => c.afterSeq), [0, 0, 0]);
      await handle.terminate();
    });
  });

  it('resync starts the sync once while it runs, and again once it has ended', async () => {
    const { inbox, processStripeEvents, pollStripeEvents, importTimelineHistory } = fakeInbox();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    await withWorker({ processStripeEvents, pollStripeEvents, importTimelineHistory, ...gatedSyncActivities(gate) }, async (start) => {
      const handle = await start();
      const first = await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'initial' }] });
      assert.deepEqual(first, { workflowId: `stripe-sync:${handle.workflowId.split(':')[1]}`, started: true });
      const second = await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'resync' }] });
      assert.equal(second.started, false, 'a second click while it runs starts nothing new');
      await waitFor(() => inbox.polls >= 2, { what: 'a poll on start and one on resync' });
      release();
      const temporal = await sharedTemporal();
      await temporal.client.workflow.getHandle(first.workflowId).result();
      assert.equal((await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'resync' }] })).started, true);
      await temporal.client.workflow.getHandle(first.workflowId).result();
      await handle.terminate();
    });
  });

  it('a watermark beyond the 30 days of events Stripe keeps starts a resync', async () => {
    const fake = fakeInbox();
    const pollStripeEvents = async () => ({ ...(await fake.pollStripeEvents()), beyondRetention: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    await withWorker({ ...fake, pollStripeEvents, ...gatedSyncActivities(gate) }, async (start) => {
      const handle = await start();
      const temporal = await sharedTemporal();
      const sync = temporal.client.workflow.getHandle(`stripe-sync:${handle.workflowId.split(':')[1]}`);
      await waitFor(() => sync.describe().then((d) => d.status.name === 'RUNNING', () => false), { what: 'the resync started by the poll' });
      release();
      await sync.result();
      await handle.terminate();
    });
  });

  it('cancelSync cancels the running sync through its handle, and says when there is none', async () => {
    const fake = fakeInbox();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    await withWorker({ ...fake, ...gatedSyncActivities(gate) }, async (start) => {
      const handle = await start();
      assert.deepEqual(await handle.executeUpdate(cancelSyncUpdate), { canceled: false }, 'no sync yet');
      const { workflowId } = await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'initial' }] });
      assert.deepEqual(await handle.executeUpdate(cancelSyncUpdate), { canceled: true });
      release();
      const temporal = await sharedTemporal();
      await waitFor(async () => (await temporal.client.workflow.getHandle(workflowId).describe()).status.name === 'CANCELLED', { what: 'the sync canceled' });
      await waitFor(async () => !(await handle.executeUpdate(cancelSyncUpdate)).canceled, { what: 'the account workflow told the sync ended' });
      await handle.terminate();
    });
  });

  it('follows its sync: one terminated from outside no longer counts as running, and the status it left shows', async () => {
    const fake = fakeInbox();
    const gate = new Promise<void>(() => undefined); // the sync never gets past its start
    let status: FollowSyncWorkflowOutput['connectionStatus'] = 'syncing';
    await withWorker({ ...fake, ...gatedSyncActivities(gate), followSyncWorkflow: followThroughClient(() => status) }, async (start) => {
      const handle = await start();
      const temporal = await sharedTemporal();
      const connectionStatus = async () => (await handle.describe()).typedSearchAttributes.get(ConnectionStatusAttribute);
      const { workflowId } = await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'initial' }] });
      status = 'error';
      await temporal.client.workflow.getHandle(workflowId).terminate('stuck');
      await waitFor(async () => (await connectionStatus()) === 'error', { what: 'the status the follow reported' });
      const asked = Date.now();
      assert.deepEqual(await handle.executeUpdate(cancelSyncUpdate), { canceled: false }, 'nothing left to cancel');
      assert.ok(Date.now() - asked < 5_000, 'answered at once, not after the cancel wait');
      await handle.signal(connectionStatusChangedSignal, 'disconnected');
      await waitFor(async () => (await connectionStatus()) === 'disconnected', { what: 'a status the API reported' });
      await handle.terminate();
    });
  });
});
