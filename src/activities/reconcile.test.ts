import assert from 'node:assert/strict';
import { fakeActivityWorld, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import { createReconcileActivities, type ReconcileSyncedObjectsOutput } from './reconcile';

describe('reconcileSyncedObjects (one activity, fake stores)', () => {
  it('in one transaction under the project lock: unseen customers are deleted and unlinked, then charges matched again', async () => {
    const world = fakeActivityWorld();
    const out = await quietActivityEnvironment().run(() => createReconcileActivities(world.deps).reconcileSyncedObjects({
      connectionId: 'conn_unit', syncRunId: 'run_unit', createdBefore: 1_700_000_000,
    })) as ReconcileSyncedObjectsOutput;
    assert.deepEqual(out, { deletedCustomers: 1, unmatchedCharges: 2 });
    assert.deepEqual(world.writes, ['lockProject', 'markUnseenCustomersDeleted', 'linkCustomers', 'attachCharges', 'countUnmatchedCharges', 'commit']);
  });

  it('a connection that is gone fails the activity and writes nothing', async () => {
    const world = fakeActivityWorld();
    await assert.rejects(
      quietActivityEnvironment().run(() => createReconcileActivities(world.deps).reconcileSyncedObjects({ connectionId: 'conn_other', syncRunId: 'run_unit', createdBefore: 0 })),
      /connection conn_other not found/,
    );
    assert.deepEqual(world.writes, []);
  });
});
