import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import { createStripeObjectStore, type CustomerRecord } from './stripe-object-store';

const record = (name: string): CustomerRecord => ({
  id: 'cus_v', email: null, emailKey: null, created: 1_700_000_000, deleted: false, data: { id: 'cus_v', name },
});

describe('stripe mirror versions', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('old data never overwrites new; equal or newer versions replace', async () => {
    const { scope } = await createProjectWithConnection(db);
    const store = createStripeObjectStore(db);
    const stored = async () => db('stripe_customers').where({ connection_id: scope.connectionId, id: 'cus_v' }).first();

    assert.deepEqual(await store.upsertCustomers(scope.connectionId, [record('v2000')], 2_000), ['cus_v']);
    assert.deepEqual(await store.upsertCustomers(scope.connectionId, [record('v1000')], 1_000), [], 'older: skipped');
    assert.equal((await stored()).data.name, 'v2000');
    assert.equal((await stored()).source_version, 2_000);
    assert.deepEqual(await store.upsertCustomers(scope.connectionId, [record('again')], 2_000), ['cus_v'], 'same version: replaced');
    await store.upsertCustomers(scope.connectionId, [record('v3000')], 3_000);
    assert.equal((await stored()).data.name, 'v3000');
  });

  it('rows written each at its own version: each is compared with what is stored on its own', async () => {
    const { scope } = await createProjectWithConnection(db);
    const store = createStripeObjectStore(db);
    const at = (id: string, name: string) => ({ ...record(name), id });
    await store.upsertCustomers(scope.connectionId, [at('cus_a', 'a2000'), at('cus_b', 'b2000')], 2_000);
    const written = await store.upsertCustomers(scope.connectionId, [at('cus_a', 'a1000'), at('cus_b', 'b3000')], [1_000, 3_000]);
    assert.deepEqual(written, ['cus_b'], 'the older one skipped, the newer one written');
    const rows = await db('stripe_customers').where({ connection_id: scope.connectionId }).orderBy('id').select('id', 'source_version');
    assert.deepEqual(rows.map((r: { id: string; source_version: string }) => [r.id, Number(r.source_version)]), [['cus_a', 2_000], ['cus_b', 3_000]]);
  });

  it('a complete sync marks deleted the customers its listing did not return, and only those', async () => {
    const { scope } = await createProjectWithConnection(db);
    const store = createStripeObjectStore(db);
    const customers = ['cus_seen', 'cus_gone', 'cus_new'].map((id, i) => ({ ...record(id), id, created: 1_000 + i * 1_000 }));
    await store.upsertCustomers(scope.connectionId, customers, 5_000);
    assert.equal(await store.markCustomersSeen(scope.connectionId, ['cus_seen'], 'run_2'), 1);
    assert.equal(await store.markCustomersSeen(scope.connectionId, ['cus_seen'], 'run_2'), 0, 'seen once per run');
    // cus_new was created after the run's slices ended (createdBefore 2_500): not listed, not deleted
    assert.deepEqual(await store.markUnseenCustomersDeleted(scope.connectionId, 'run_2', 2_500, 6_000), ['cus_gone']);
  });
});
