import assert from 'node:assert/strict';
import { fakeActivityWorld, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import type { ConnectionStatus } from '../domain/connection';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { createSyncRunActivities, type StartSyncRunInput } from './sync-run';

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
});
