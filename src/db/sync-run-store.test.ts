import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import { createSyncRunStore } from './sync-run-store';

describe('sync run counts', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('parallel pages add to the counts without losing an update', async () => {
    const { syncRunId } = await createProjectWithConnection(db);
    const store = createSyncRunStore(db);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.addCounts(syncRunId, i % 2 ? { customers: 100 } : { charges: 7, subscriptions: 1 })));
    assert.deepEqual((await store.get(syncRunId)).counts, { customers: 1000, subscriptions: 10, charges: 70, unmatchedCharges: 0 });
  });
});
