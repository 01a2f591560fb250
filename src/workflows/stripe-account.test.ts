import assert from 'node:assert/strict';
import { sharedTemporal } from '../../test/support/temporal';
import { waitFor } from '../../test/support/wait';
import type { FollowSyncWorkflowOutput } from '../activities';
import { fakeInbox, followThroughClient, gatedSyncActivities, useAccountWorkflowWorker } from '../../test/support/workflows/account-workflow-harness';
import { cancelSyncUpdate, connectionStatusChangedSignal, inboxAdvancedSignal, resyncUpdate, stripeAccountProgressQuery } from './messages';
import { ConnectionStatusAttribute } from './shared';

describe('StripeAccountWorkflow (orchestration, with fake activities)', () => {
  const withWorker = useAccountWorkflowWorker();

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

  it('a trickle is processed inside the workflow task its signal started; a backlog by the ordinary activity, shown as pending', async () => {
    const { inbox, processStripeEvents, pollStripeEvents } = fakeInbox();
    await withWorker({ processStripeEvents, pollStripeEvents }, async (start) => {
      const handle = await start();
      const processedUpTo = (seq: number) => waitFor(async () => (await handle.query(stripeAccountProgressQuery)).processedSeq === seq, { what: `processed up to #${seq}` });
      const howProcessed = async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const asActivity = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'processStripeEvents').length;
        const inTask = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
        return { asActivity, inTask };
      };
      inbox.latest = 3;
      await handle.signal(inboxAdvancedSignal, 3);
      await processedUpTo(3);
      assert.deepEqual(await howProcessed(), { asActivity: 0, inTask: 1 });

      inbox.latest = 503;
      await handle.signal(inboxAdvancedSignal, 503);
      await processedUpTo(503);
      const after = await howProcessed();
      assert.equal(after.asActivity, 5, 'the backlog of 500 in activities of 100');
      assert.equal(after.inTask, 1, 'none of it in the workflow task');
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
