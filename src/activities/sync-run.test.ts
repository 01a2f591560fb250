import assert from 'node:assert/strict';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { fakeActivityWorld, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import type { ConnectionStatus } from '../domain/connection';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { createSyncRunActivities, type StartSyncRunInput, type StartSyncRunOutput } from './sync-run';

const start: StartSyncRunInput = { syncRunId: 'run_unit', connectionId: 'conn_unit', workflowId: 'stripe-sync:conn_unit', kind: 'resync' };

const counts = { customers: 3, subscriptions: 2, charges: 1, unmatchedCharges: 0 };

async function startedRun(status: ConnectionStatus = 'active') {
  const world = fakeActivityWorld({ connection: { status } });
  const activities = createSyncRunActivities(world.deps);
  const env = quietActivityEnvironment();
  await env.run(() => activities.startSyncRun(start));
  return { world, activities, env };
}

describe('sync run activities (fake stores)', () => {
  it('a started run marks the connection syncing; starting it again changes nothing', async () => {
    const { world, activities, env } = await startedRun('active');
    assert.equal(world.connection.status, 'syncing');
    await env.run(() => activities.startSyncRun(start));
    assert.equal(world.runs.size, 1);
  });

  it('a completed run records its counts and makes the connection active', async () => {
    const { world, activities, env } = await startedRun();
    await env.run(() => activities.completeSyncRun({ syncRunId: 'run_unit', connectionId: 'conn_unit', counts }));
    assert.deepEqual({ status: world.runs.get('run_unit')!.status, counts: world.runs.get('run_unit')!.counts }, { status: 'succeeded', counts });
    assert.equal(world.connection.status, 'active');
  });

  it('a run that completes after a disconnect leaves the connection disconnected', async () => {
    const { world, activities, env } = await startedRun();
    world.connection.status = 'disconnected';
    await env.run(() => activities.completeSyncRun({ syncRunId: 'run_unit', connectionId: 'conn_unit', counts }));
    assert.equal(world.connection.status, 'disconnected');
  });

  it('revoked credentials ask for a reconnect; other failures show the error with Retry', async () => {
    const revoked = await startedRun();
    await revoked.env.run(() => revoked.activities.failSyncRun({
      syncRunId: 'run_unit', connectionId: 'conn_unit', failureType: SYNC_FAILURE.credentialsRejected, message: 'Stripe rejected our credentials (401)',
    }));
    assert.deepEqual([revoked.world.connection.status, revoked.world.runs.get('run_unit')!.status], ['needs_reconnect', 'failed']);

    const canceled = await startedRun();
    await canceled.env.run(() => canceled.activities.failSyncRun({ syncRunId: 'run_unit', connectionId: 'conn_unit', message: 'The sync was canceled.', canceled: true }));
    assert.deepEqual([canceled.world.connection.status, canceled.world.runs.get('run_unit')!.status], ['error', 'canceled']);
    assert.equal(canceled.world.connection.statusMessage, 'The sync was canceled.');
  });

  describe('a sync started after one that did not succeed', () => {
    /** A run that failed after committing two slices (one done), its range recorded. */
    async function failedRun(startedAt = new Date()) {
      const { world, activities, env } = await startedRun('active');
      const run = world.runs.get('run_unit')!;
      Object.assign(run, { status: 'failed', error: 'Stripe refused a request', createdBefore: 1_800_000_000, startedAt });
      world.connection.status = 'error';
      const committed = { syncRunId: 'run_unit', objectType: 'customers' as const, lastCreated: null, cursor: null };
      world.checkpoints.set('run_unit/customers-0', { ...committed, sliceId: 'customers-0', gte: 1_700_000_000, lt: 1_800_000_001, count: 300, pages: 3, done: true });
      world.checkpoints.set('run_unit/customers-4', { ...committed, sliceId: 'customers-4', gte: 1_600_000_000, lt: 1_700_000_000, cursor: 'cus_1', lastCreated: 1_650_000_000, count: 100, pages: 1, done: false });
      return { world, activities, env };
    }
    const next = { ...start, syncRunId: 'run_next' };
    const open = (world: { env: MockActivityEnvironment; activities: ReturnType<typeof createSyncRunActivities> }) =>
      world.env.run(() => world.activities.startSyncRun(next)) as Promise<StartSyncRunOutput>;

    it('reopens that run and resumes it from its checkpoints; a retried start gets the same answer', async () => {
      const failed = await failedRun();
      const { world } = failed;
      const opened = await open(failed);
      assert.equal(opened.syncRunId, 'run_unit');
      assert.equal(world.runs.size, 1, 'no new run');
      assert.deepEqual(world.runs.get('run_unit')!.status, 'running');
      assert.equal(world.runs.get('run_unit')!.error, null);
      assert.equal(world.connection.status, 'syncing');
      const customers = opened.resumed!.plan.slices.filter((s) => s.type === 'customers');
      assert.deepEqual(customers.map((s) => [s.id, s.cursor, s.count, s.done]), [['customers-5', null, 0, false], ['customers-4', 'cus_1', 100, false], ['customers-0', null, 300, true]]);
      assert.deepEqual({ createdBefore: opened.resumed!.createdBefore, resumes: opened.resumed!.resumes }, { createdBefore: 1_800_000_000, resumes: 1 });
      assert.deepEqual(await open(failed), opened, 'idempotent');
    });

    it('starts afresh when that run is too old to trust, or never recorded its range', async () => {
      const old = await failedRun(new Date(Date.now() - 8 * 86_400_000));
      assert.deepEqual(await open(old), { syncRunId: 'run_next', connectionStatus: 'syncing' });
      const unplanned = await failedRun();
      unplanned.world.runs.get('run_unit')!.createdBefore = null;
      assert.equal((await open(unplanned)).syncRunId, 'run_next');
    });
  });
});
