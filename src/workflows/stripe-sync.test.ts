import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities, CopyStripeSliceInput } from '../activities';
import { randomBase62 } from '../domain/ids';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { STRIPE_OBJECT_TYPES, type StripeObjectType } from '../domain/sync-slices';
import { SyncPhaseAttribute } from './shared';
import { sharedTemporal } from '../../test/support/temporal';
import { StripeSyncWorkflow } from './stripe-sync';
import { stripeSyncProgressQuery, type StripeSyncOptions } from './messages';
import { waitFor } from '../../test/support/wait';
import { noAutomationActivities } from '../../test/support/activities/fake-activity-deps';

const T0 = 1_600_000_000;
const PER_TYPE = 1_000;

/** An in-memory Stripe: objects spread over a year, denser recently, listed newest first. */
function fakeStripe() {
  const objects = new Map<StripeObjectType, { id: string; created: number }[]>();
  for (const type of STRIPE_OBJECT_TYPES) {
    const list = Array.from({ length: PER_TYPE }, (_, i) => ({ id: `${type}_${i}`, created: T0 + Math.floor(Math.sqrt(i / PER_TYPE) * 31_536_000) }));
    objects.set(type, list.reverse());
  }
  const copied = new Map<string, number>();
  return {
    copied,
    copySlice({ slice, maxPages }: CopyStripeSliceInput) {
      const inRange = objects.get(slice.type)!.filter((o) => o.created >= slice.gte && o.created < slice.lt);
      let at = slice.cursor ? inRange.findIndex((o) => o.id === slice.cursor) + 1 : 0;
      let { count, cursor, lastCreated } = slice;
      let pages = 0;
      let done = false;
      while (!done && pages < maxPages) {
        const page = inRange.slice(at, at + 100);
        page.forEach((o) => copied.set(o.id, (copied.get(o.id) ?? 0) + 1));
        at += page.length;
        count += page.length;
        cursor = page.at(-1)?.id ?? cursor;
        lastCreated = page.at(-1)?.created ?? lastCreated;
        done = at >= inRange.length;
        pages++;
      }
      return { id: slice.id, cursor, lastCreated, count, done, pages };
    },
  };
}

type Calls = Record<string, unknown[]>;

const unusedBySync = (name: string) => async () => { throw new Error(`the sync never calls ${name}`); };
const LIFECYCLE_ACTIVITIES = [
  'revokeStripeAccess', 'disconnectStripeConnection', 'purgeStripeData', 'checkConnectionSyncable',
  'startDriftCheck', 'checkStripeDrift', 'finishDriftCheck', 'resyncStripeCustomer', 'sendAlertEmail',
] as const;
const lifecycleActivitiesUnused = Object.fromEntries(LIFECYCLE_ACTIVITIES.map((name) => [name, unusedBySync(name)])) as unknown as
  Pick<Activities, (typeof LIFECYCLE_ACTIVITIES)[number]>;

function fakeActivities(overrides: Partial<Activities> = {}) {
  const stripe = fakeStripe();
  const calls: Calls = {};
  const record = <T>(name: string, value: T) => ((calls[name] ??= []).push(value), value);
  const activities: Activities = {
    startSyncRun: async (input) => record('startSyncRun', { syncRunId: input.syncRunId }),
    recordSyncProgress: async (input) => void record('recordSyncProgress', input),
    completeSyncRun: async (input) => (record('completeSyncRun', input), { connectionStatus: 'active' }),
    failSyncRun: async (input) => (record('failSyncRun', input), { connectionStatus: 'error' }),
    describeStripeAccount: async () => record('describeStripeAccount', { accountCreated: T0 - 86_400, concurrency: 5 }),
    countStripeObjects: async (input) => (record('countStripeObjects', input), { customers: PER_TYPE, subscriptions: PER_TYPE, charges: null }),
    copyStripeSlice: async (input) => stripe.copySlice(input),
    reconcileSyncedObjects: async () => ({ deletedCustomers: 0, unmatchedCharges: 3 }),
    processStripeEvents: async () => { throw new Error('the sync processes no live events'); },
    pollStripeEvents: async () => { throw new Error('the sync polls no events'); },
    importTimelineHistory: async () => { throw new Error('the sync imports no history'); },
    ...noAutomationActivities(),
    refreshStripeToken: async () => { throw new Error('the sync refreshes no tokens'); },
    ...lifecycleActivitiesUnused,
    followSyncWorkflow: async () => { throw new Error('the sync follows no sync'); },
    ...overrides,
  };
  return { activities, calls, stripe };
}

describe('StripeSyncWorkflow (orchestration, with fake activities)', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: quietLogger });
  });

  async function run(activities: Activities, options: StripeSyncOptions = {}) {
    const temporal = await sharedTemporal();
    const taskQueue = `sync-wf-${randomBase62(8)}`;
    const worker = await Worker.create({ connection: temporal.connection, taskQueue, workflowBundle: bundle, activities });
    const workflowId = `stripe-sync:conn_${randomBase62(8)}`;
    const handle = await temporal.client.workflow.start(StripeSyncWorkflow, {
      taskQueue, workflowId, args: [{ connectionId: workflowId.split(':')[1]!, kind: 'initial', options }],
    });
    return worker.runUntil(async () => {
      try {
        return { result: await handle.result(), handle };
      } catch (error) {
        return { error, handle };
      }
    });
  }

  it('copies every object exactly once through slices, splits and continue-as-new, then completes', async () => {
    const { activities, calls, stripe } = fakeActivities();
    const { result, handle } = await run(activities, { continueAsNewAfterEvents: 40, pagesPerActivity: 2, slicesPerType: 2 });
    assert.ok(result, 'the sync completed');
    assert.deepEqual(result.counts, { customers: PER_TYPE, subscriptions: PER_TYPE, charges: PER_TYPE, unmatchedCharges: 3 });
    assert.ok(result.continuedAsNew >= 2, `continued as new ${result.continuedAsNew}×`);
    assert.equal(stripe.copied.size, 3 * PER_TYPE);
    assert.deepEqual([...new Set(stripe.copied.values())], [1], 'no object copied twice');
    assert.equal(calls.startSyncRun!.length, 1, 'one run across continue-as-new');
    assert.deepEqual(calls.completeSyncRun, [{ syncRunId: result.syncRunId, connectionId: handle.workflowId.split(':')[1], counts: result.counts }]);
    assert.equal(calls.failSyncRun, undefined);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(SyncPhaseAttribute), 'done');
    assert.ok(calls.recordSyncProgress!.length > 0, 'estimated totals reported while copying');
  });

  it('shows Stripe\'s counts as the totals from the start, and its own estimate where search had none', async () => {
    const { activities, calls } = fakeActivities();
    const { result, handle } = await run(activities, { pagesPerActivity: 2, slicesPerType: 2 });
    assert.ok(result, 'the sync completed');
    const [starting] = calls.recordSyncProgress as { phase: string; totals: Record<string, number>; createdBefore?: number }[];
    assert.equal(starting!.phase, 'starting');
    assert.deepEqual(calls.countStripeObjects, [{ connectionId: handle.workflowId.split(':')[1], createdBefore: starting!.createdBefore }]);
    assert.deepEqual(starting!.totals, { customers: PER_TYPE, subscriptions: PER_TYPE, charges: 0 }, 'charges: nothing read yet to estimate from');
  });

  it('runs on its own estimates when counting fails', async () => {
    const { activities, calls } = fakeActivities({ countStripeObjects: async () => { throw new Error('search is down'); } });
    const { result } = await run(activities, { pagesPerActivity: 2, slicesPerType: 2 });
    assert.deepEqual(result?.counts, { customers: PER_TYPE, subscriptions: PER_TYPE, charges: PER_TYPE, unmatchedCharges: 3 });
    assert.equal(calls.failSyncRun, undefined);
  });

  it('fails at once on revoked credentials and asks for a reconnect', async () => {
    let attempts = 0;
    const { activities, calls } = fakeActivities({
      describeStripeAccount: async () => {
        attempts++;
        throw ApplicationFailure.nonRetryable('Stripe rejected our credentials (401)', SYNC_FAILURE.credentialsRejected);
      },
    });
    const { error, handle } = await run(activities);
    assert.ok(error instanceof WorkflowFailedError);
    assert.equal((error.cause as ApplicationFailure).type, SYNC_FAILURE.credentialsRejected);
    assert.equal(attempts, 1, 'not retried');
    assert.deepEqual(calls.failSyncRun, [{
      syncRunId: (calls.startSyncRun![0] as { syncRunId: string }).syncRunId, connectionId: handle.workflowId.split(':')[1],
      failureType: SYNC_FAILURE.credentialsRejected, message: 'Stripe rejected our credentials (401)', canceled: false,
    }]);
    assert.equal(calls.completeSyncRun, undefined, 'a failed sync is never reported complete');
    assert.equal((await handle.describe()).typedSearchAttributes.get(SyncPhaseAttribute), 'failed');
  });

  it('a canceled sync is recorded as canceled, never as complete', async () => {
    const base = fakeActivities();
    const { activities, calls } = fakeActivities({
      copyStripeSlice: async (input) => {
        await new Promise((r) => setTimeout(r, 200));
        return base.activities.copyStripeSlice({ ...input, maxPages: 1 });
      },
    });
    const temporal = await sharedTemporal();
    const taskQueue = `sync-wf-${randomBase62(8)}`;
    const worker = await Worker.create({ connection: temporal.connection, taskQueue, workflowBundle: bundle, activities });
    const handle = await temporal.client.workflow.start(StripeSyncWorkflow, {
      taskQueue, workflowId: `stripe-sync:conn_${randomBase62(8)}`, args: [{ connectionId: 'conn_c', kind: 'initial' }],
    });
    await worker.runUntil(async () => {
      await waitFor(async () => (await handle.query(stripeSyncProgressQuery)).slices.running > 0, { what: 'slices running' });
      await handle.cancel();
      await handle.result().catch(() => undefined);
    });
    assert.equal((calls.failSyncRun![0] as { canceled: boolean }).canceled, true);
    assert.equal(calls.completeSyncRun, undefined);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
  });

  it('retries a slice that failed transiently and still completes', async () => {
    const base = fakeActivities();
    let failures = 0;
    const { activities } = fakeActivities({
      copyStripeSlice: async (input) => {
        if (failures++ < 1) throw new Error('Stripe is having a bad day (503)');
        return base.activities.copyStripeSlice(input);
      },
    });
    const { result } = await run(activities, { pagesPerActivity: 5 });
    assert.equal(result?.counts.customers, PER_TYPE);
  });
});

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
