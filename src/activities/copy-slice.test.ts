import assert from 'node:assert/strict';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { MockActivityEnvironment } from '@temporalio/testing';
import Stripe from 'stripe';
import { fakeActivityWorld, fakePage, fakeStripe, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import { SYNC_FAILURE } from '../domain/sync-failures';
import type { SyncSlice } from '../domain/sync-slices';
import { createCopySliceActivities, type CopyStripeSliceInput, type CopyStripeSliceOutput } from './copy-slice';

const slice: SyncSlice = { id: 'customers-0', type: 'customers', gte: 1_600_000_000, lt: 1_800_000_000, cursor: null, lastCreated: null, count: 0, done: false };
const input = (over: Partial<CopyStripeSliceInput> = {}): CopyStripeSliceInput =>
  ({ connectionId: 'conn_unit', syncRunId: 'run_unit', slice, maxPages: 10, maxSeconds: 60, ...over });

const copy = (env: MockActivityEnvironment, world: ReturnType<typeof fakeActivityWorld>, over: Partial<CopyStripeSliceInput> = {}) =>
  env.run(() => createCopySliceActivities(world.deps).copyStripeSlice(input(over))) as Promise<CopyStripeSliceOutput>;

async function worldWithRun(pages: ReturnType<typeof fakePage>[], before?: (call: number) => void) {
  const world = fakeActivityWorld({ stripe: fakeStripe(pages, { before }) });
  await world.deps.syncRuns.start({ id: 'run_unit', connectionId: 'conn_unit', workflowId: 'stripe-sync:conn_unit', kind: 'initial' });
  return world;
}

describe('copyStripeSlice (one activity, fake stores and Stripe)', () => {
  it('commits each page with its checkpoint in one transaction, heartbeats the cursor, and reports where the slice stands', async () => {
    const world = await worldWithRun([fakePage('cus_a', 100, true), fakePage('cus_b', 40, false)]);
    const env = quietActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d) => beats.push(d));
    const out = await copy(env, world);
    assert.deepEqual(out, { id: slice.id, cursor: 'cus_b_39', lastCreated: 1_700_000_000 - 39, count: 140, done: true, pages: 2 });
    assert.deepEqual(world.stripe.calls.map((c) => c.startingAfter), [null, 'cus_a_99']);
    const onePage = ['lockProject', 'upsertCustomers', 'linkCustomers', 'markCustomersSeen', 'saveCheckpoint', 'addCounts', 'commit'];
    assert.deepEqual(world.writes, [...onePage, ...onePage], 'the project lock first, the checkpoint with the rows');
    assert.equal(world.runs.get('run_unit')!.counts.customers, 140);
    assert.deepEqual(beats.at(-1), { sliceId: slice.id, cursor: 'cus_b_39', count: 140 });
  });

  it('resumes from the committed checkpoint, which wins over the workflow\'s older view', async () => {
    const world = await worldWithRun([fakePage('cus_c', 10, false)]);
    world.checkpoints.set('run_unit/customers-0', {
      syncRunId: 'run_unit', sliceId: slice.id, objectType: 'customers', gte: slice.gte, lt: slice.lt,
      cursor: 'cus_b_99', lastCreated: 1_650_000_000, count: 200, pages: 2, done: false,
    });
    const out = await copy(quietActivityEnvironment(), world);
    assert.equal(world.stripe.calls[0]!.startingAfter, 'cus_b_99');
    assert.equal(out.count, 210);
    assert.equal(world.checkpoints.get('run_unit/customers-0')!.pages, 3);
  });

  it('refuses to commit a page once a retry has reopened the run: the attempt belongs to the execution before it', async () => {
    const pages = [fakePage('cus_a', 100, true), fakePage('cus_b', 100, true), fakePage('cus_c', 100, false)];
    const world = await worldWithRun(pages, (call) => {
      if (call === 3) world.runs.get('run_unit')!.resumes = 1; // reopened while this attempt read its second page
    });
    await assert.rejects(copy(quietActivityEnvironment(), world, { resumes: 0 }),
      (e: unknown) => e instanceof ApplicationFailure && e.type === SYNC_FAILURE.superseded && e.nonRetryable);
    assert.equal(world.checkpoints.get('run_unit/customers-0')!.pages, 1, 'only the page committed before the reopen');
  });

  it('stops at the page bound and says the slice is not done', async () => {
    const world = await worldWithRun([fakePage('cus_a', 100, true), fakePage('cus_b', 100, true)]);
    const out = await copy(quietActivityEnvironment(), world, { maxPages: 1 });
    assert.equal(out.done, false);
    assert.equal(out.pages, 1);
    assert.equal(world.stripe.calls.length, 1);
  });

  it('stops calling Stripe at the next page once cancelled, keeping the pages it committed', async () => {
    const env = quietActivityEnvironment();
    const world = await worldWithRun([fakePage('cus_a', 100, true), fakePage('cus_b', 100, true), fakePage('cus_c', 100, true)], (call) => {
      if (call === 2) env.cancel();
    });
    await assert.rejects(copy(env, world), CancelledFailure);
    assert.equal(world.stripe.calls.length, 2, 'no third page requested');
    assert.equal(world.checkpoints.get('run_unit/customers-0')!.pages, 2, 'the page in hand was still committed');
  });

  it('fails for good, asking for a reconnect, when Stripe rejects the key', async () => {
    const revoked = new Stripe.errors.StripeAuthenticationError({ message: 'Invalid API Key provided: rk_test_abc123', statusCode: 401 });
    const world = await worldWithRun([], () => { throw revoked; });
    const failure = await copy(quietActivityEnvironment(), world).catch((e: unknown) => e);
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, SYNC_FAILURE.credentialsRejected);
    assert.equal(failure.nonRetryable, true);
    assert.doesNotMatch(failure.message, /rk_test_abc123/, 'the key is masked');
    assert.deepEqual(world.writes, [], 'nothing written');
  });

  it('a stale attempt whose checkpoint moved on writes nothing and is retried', async () => {
    const world = await worldWithRun([fakePage('cus_a', 100, true)], () => {
      // another attempt commits a page while this one waits for Stripe
      world.checkpoints.set('run_unit/customers-0', {
        syncRunId: 'run_unit', sliceId: slice.id, objectType: 'customers', gte: slice.gte, lt: slice.lt,
        cursor: 'cus_x_99', lastCreated: 1_650_000_000, count: 100, pages: 1, done: false,
      });
    });
    const failure = await copy(quietActivityEnvironment(), world).catch((e: unknown) => e);
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, SYNC_FAILURE.checkpointMoved);
    assert.equal(failure.nonRetryable, false);
    assert.deepEqual(world.writes, ['lockProject', 'rollback']);
  });
});
