import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import { createSyncOverviewReadModel } from './sync-overview-read-model';
import { createSyncRunStore } from './sync-run-store';

describe('sync runs', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('parallel pages add to the counts without losing an update', async () => {
    const { syncRunId } = await createProjectWithConnection(db);
    const store = createSyncRunStore(db);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.addCounts(syncRunId, i % 2 ? { customers: 100 } : { charges: 7, subscriptions: 1 })));
    assert.deepEqual((await store.get(syncRunId)).counts, { customers: 1000, subscriptions: 10, charges: 70, unmatchedCharges: 0 });
  });

  it('a reopened run keeps its counts, is found by the execution that reopened it, and forgets how it ended', async () => {
    const { syncRunId, connection } = await createProjectWithConnection(db);
    const store = createSyncRunStore(db);
    await store.progress(syncRunId, { createdBefore: 1_800_000_000 });
    await store.addCounts(syncRunId, { customers: 40 });
    await store.finish(syncRunId, 'failed', 'Stripe refused a request');
    const failed = await store.get(syncRunId);
    assert.ok(failed.errorAt instanceof Date);
    assert.deepEqual((await createSyncOverviewReadModel(db).latestRuns({ failed: true })).filter((o) => o.connectionId === connection.id).map((o) => o.run.id), [syncRunId]);

    const reopened = await store.reopen(syncRunId, 'run_later');
    assert.deepEqual([reopened.status, reopened.error, reopened.errorAt, reopened.resumes, reopened.copiedAtResume, reopened.createdBefore],
      ['running', null, null, 1, 40, 1_800_000_000]);
    assert.equal((await store.findForExecution('run_later'))?.id, syncRunId);
    assert.equal(await store.resumesOf(syncRunId), 1);
    assert.deepEqual((await createSyncOverviewReadModel(db).latestRuns({ running: true })).filter((o) => o.connectionId === connection.id).length, 1);

    assert.equal(await store.endIfRunning(syncRunId, 'terminated', 'terminated from outside'), true);
    assert.equal(await store.endIfRunning(syncRunId, 'timed_out', 'later news'), false, 'what was recorded first stays');
    assert.equal((await store.get(syncRunId)).status, 'terminated');
  });
});
