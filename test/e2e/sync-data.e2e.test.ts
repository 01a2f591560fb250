import assert from 'node:assert/strict';
import { createSyncRunStore } from '../../src/db/sync-run-store';
import { expectedProfiles, expectedSegments } from '../sync/oracle';
import { connect, createSeededAccount, rawObjects, runSync, startInProcessWorker, startSyncEnv, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles, syncedSegments } from '../sync/synced-state';

describe('first sync: every profile checked against an independent oracle', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
    await startInProcessWorker(env);
  });

  it('2,000 seeded customers: counts, every trait of every profile and both segments match', async () => {
    const account = await createSeededAccount(env, { seed: 42, customers: 2_000 });
    const connection = await connect(env, account, { mode: 'oauth' });
    const result = await runSync(env, connection);
    console.log(`      synced ${JSON.stringify(result.counts)} in ${result.ms} ms`);

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.ok(expected.counts.customers >= 1_900, `seeded enough: ${expected.counts.customers}`);
    assert.deepEqual(result.counts, expected.counts);

    const run = await createSyncRunStore(env.db).get(result.syncRunId);
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.counts, expected.counts);
    assert.equal((await env.connections.get(connection.id)).status, 'active');

    const actual = await syncedProfiles(env.db, connection.projectId);
    assert.deepEqual([...actual.keys()].sort(), [...expected.profiles.keys()].sort(), 'the same profiles, by identity');
    for (const [key, want] of expected.profiles) {
      const got = actual.get(key)!;
      assert.deepEqual(got.traits, want.traits, `traits of ${key}`);
      assert.equal(got.email, want.email, `email of ${key}`);
      assert.deepEqual(got.customerIds, want.customerIds, `links of ${key}`);
    }

    const now = new Date();
    assert.deepEqual(await syncedSegments(env.db, connection.projectId, now), expectedSegments(expected, now));
    assert.equal(Number((await env.db('profile_events').where({ project_id: connection.projectId }).count({ n: '*' }))[0]!.n), 0, 'no feed events from a first sync');
  });
});
