import assert from 'node:assert/strict';
import { createProjectStore } from '../../src/db/project-store';
import { expectedProfiles } from '../sync/oracle';
import { connect, createSeededAccount, rawObjects, runSync, startInProcessWorker, startSyncEnv, type EmulatedAccount, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles, syncedRows } from '../sync/synced-state';

/** A profile set without ids: what two projects synced from one account must share. */
async function profileContents(env: SyncEnv, projectId: string) {
  return [...(await syncedProfiles(env.db, projectId)).values()]
    .map(({ key, email, traits, customerIds }) => ({ key, email, traits, customerIds }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

const mirrorContents = async (env: SyncEnv, connectionId: string) =>
  Object.fromEntries(await Promise.all(['stripe_customers', 'stripe_subscriptions', 'stripe_charges'].map(async (table) => [
    table,
    (await env.db(table).where({ connection_id: connectionId }).orderBy('id').select('id', 'data')).map((r) => ({ id: r.id, data: r.data })),
  ])));

describe('resyncs, connection modes, live and test side by side', () => {
  let env: SyncEnv;
  let account: EmulatedAccount;
  before(async () => {
    env = await startSyncEnv();
    await startInProcessWorker(env);
    account = await createSeededAccount(env, { seed: 5, customers: 300 });
  });

  it('resyncing twice gives the same rows', async () => {
    const connection = await connect(env, account, { mode: 'api_key' });
    await runSync(env, connection);
    const first = await syncedRows(env.db, connection.id, connection.projectId);
    await runSync(env, connection);
    await runSync(env, connection);
    const third = await syncedRows(env.db, connection.id, connection.projectId);
    assert.deepEqual(third, first, 'mirror, links and profiles (updated_at included) unchanged');
    const runs = await env.db('sync_runs').where({ connection_id: connection.id }).orderBy('started_at');
    assert.deepEqual(runs.map((r) => r.status), ['succeeded', 'succeeded', 'succeeded']);
    assert.deepEqual(runs[2].counts, runs[0].counts);
  });

  it('API-key mode gives the same result as OAuth mode', async () => {
    const viaOAuth = await connect(env, account, { mode: 'oauth' });
    const viaKey = await connect(env, account, { mode: 'api_key' });
    const [a, b] = await Promise.all([runSync(env, viaOAuth), runSync(env, viaKey)]);
    assert.deepEqual(a.counts, b.counts);
    assert.deepEqual(await profileContents(env, viaKey.projectId), await profileContents(env, viaOAuth.projectId));
    assert.deepEqual(await mirrorContents(env, viaKey.id), await mirrorContents(env, viaOAuth.id));
  });

  it('live and test connections of one account coexist in one project, merged by email whatever the mode', async () => {
    const { project } = await createProjectStore(env.db).create('live and test');
    await env.emulator.control(`/_emulator/accounts/${account.id}/seed`, { livemode: true, seed: 6, customers: 200, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 });
    const liveKey = await env.emulator.control<{ secretKey: string }>(`/_emulator/accounts/${account.id}/keys`, { livemode: true });
    const test = await connect(env, account, { mode: 'api_key', projectId: project.id, livemode: false });
    const live = await connect(env, account, { mode: 'api_key', projectId: project.id, livemode: true, secretKey: liveKey.secretKey });
    assert.notEqual(test.id, live.id);
    const [t, l] = await Promise.all([runSync(env, test), runSync(env, live)]);
    for (const c of [test, live]) assert.equal((await env.connections.get(c.id)).status, 'active');

    const testRaw = await rawObjects(env, account.id, false);
    const liveRaw = await rawObjects(env, account.id, true);
    assert.deepEqual(t.counts, expectedProfiles([testRaw]).counts);
    assert.deepEqual(l.counts, expectedProfiles([liveRaw]).counts);
    const expected = expectedProfiles([testRaw, liveRaw]);
    const profiles = await syncedProfiles(env.db, project.id);
    assert.deepEqual([...profiles.keys()].sort(), [...expected.profiles.keys()].sort());
    for (const [key, want] of expected.profiles) {
      assert.deepEqual(profiles.get(key)!.traits, want.traits, key);
      assert.deepEqual(profiles.get(key)!.customerIds, want.customerIds, key);
    }
    const modes = await env.db('stripe_rate_budget').where('bucket', 'in', [`${account.id}:test`, `${account.id}:live`]).pluck('bucket');
    assert.deepEqual(modes.sort(), [`${account.id}:live`, `${account.id}:test`], 'each mode has its own budget');
  });
});
