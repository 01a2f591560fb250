import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import {
  CONNECTION_MOVES, CONNECTION_STATUSES, type ConnectionCause, type ConnectionStatus,
} from '../domain/connection';
import { randomBase62 } from '../domain/ids';
import { createEncryptor, generateEncryptionKey } from '../security/encryption';
import { createConnectionStore, type ConnectionStore } from './connection-store';
import { createProjectStore } from './project-store';

/** Causes that bring a fresh (syncing) connection to each status. */
const PATH_TO: Record<ConnectionStatus, ConnectionCause[]> = {
  syncing: [],
  active: ['syncSucceeded'],
  error: ['syncFailed'],
  needs_reconnect: ['credentialsRejected'],
  disconnected: ['disconnected'],
};

describe('connection status transitions', () => {
  let db: Knex;
  let store: ConnectionStore;
  let projectId: string;
  before(async () => {
    ({ db } = await createTestDb());
    store = createConnectionStore(db, createEncryptor(generateEncryptionKey()));
    projectId = (await createProjectStore(db).create('status machine')).project.id;
  });

  const connect = () => store.upsert({
    projectId, stripeAccountId: `acct_${randomBase62(10)}`, livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_x' },
  });

  async function connectionIn(status: ConnectionStatus) {
    const { connection } = await connect();
    for (const cause of PATH_TO[status]) assert.ok((await store.move(connection.id, cause)).moved);
    assert.equal((await store.get(connection.id)).status, status);
    return connection;
  }

  for (const [cause, move] of Object.entries(CONNECTION_MOVES) as [ConnectionCause, (typeof CONNECTION_MOVES)[ConnectionCause]][]) {
    for (const status of CONNECTION_STATUSES) {
      const allowed = (move.from as readonly ConnectionStatus[]).includes(status);
      it(`${cause} ${allowed ? 'moves' : 'leaves'} a ${status} connection${allowed ? ` to ${move.to}` : ' as it is'}`, async () => {
        const { id } = await connectionIn(status);
        const result = await store.move(id, cause, 'why it moved');
        assert.deepEqual(result, { moved: allowed, status: allowed ? move.to : status });
        const after = await store.get(id);
        assert.equal(after.status, result.status);
        if (allowed) assert.equal(after.statusMessage, 'why it moved');
        assert.equal(after.disconnectedAt !== null, after.status === 'disconnected', 'disconnectedAt is set while disconnected only');
      });
    }
  }

  it('refuses to write a move the machine does not have', async () => {
    const { id } = await connectionIn('disconnected');
    await assert.rejects(store.transition(id, ['disconnected'], 'active'), /no move disconnected → active/);
    assert.equal((await store.get(id)).status, 'disconnected');
  });

  it('a sync that finishes after a disconnect leaves the connection disconnected', async () => {
    const { id } = await connectionIn('syncing');
    await store.move(id, 'disconnected', 'Disconnected in Stripe');
    assert.equal((await store.move(id, 'syncSucceeded')).moved, false);
    assert.equal((await store.get(id)).status, 'disconnected');
    assert.equal((await store.get(id)).statusMessage, 'Disconnected in Stripe');
  });

  it('a disconnect records who made it and wipes the credentials; the webhook secret stays, and a reconnect clears both marks', async () => {
    const { id, stripeAccountId } = await connectionIn('active');
    await store.setWebhookEndpoint(id, { endpointId: 'we_1', secret: 'whsec_kept' });
    assert.deepEqual(await store.disconnect(id, { by: 'stripe', message: 'Disconnected in Stripe' }), { moved: true, status: 'disconnected', superseded: false });
    const after = await store.get(id);
    assert.deepEqual([after.status, after.disconnectedBy, after.statusMessage], ['disconnected', 'stripe', 'Disconnected in Stripe']);
    assert.deepEqual(await store.credentials(id), {});
    assert.deepEqual(await store.webhookSecrets(id), ['whsec_kept']);

    // a second disconnect (the product's, after Stripe's) keeps the first one's origin
    assert.equal((await store.disconnect(id, { by: 'product' })).moved, false);
    assert.equal((await store.get(id)).disconnectedBy, 'stripe');

    const { connection: back } = await store.upsert({ projectId, stripeAccountId, livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_again' } });
    assert.deepEqual([back.status, back.disconnectedBy, back.disconnectedAt], ['syncing', null, null]);
  });

  it('a deauthorization of the grant before a reconnect leaves the new grant and its credentials alone', async () => {
    const first = await connectionIn('active');
    const { connection: again } = await store.upsert({
      projectId, stripeAccountId: first.stripeAccountId, livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_new' },
    });
    assert.ok(again.connectedAt > first.connectedAt);
    assert.deepEqual(await store.disconnect(first.id, { by: 'stripe', grantConnectedAt: first.connectedAt }), { moved: false, status: 'syncing', superseded: true });
    assert.deepEqual(await store.credentials(first.id), { secretKey: 'rk_test_new' });
  });

  it('of concurrent writers, only those whose move still applies win', async () => {
    const { id } = await connectionIn('syncing');
    // Both moves leave only a running sync: whichever lands first, the other finds it moved on.
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.move(id, i % 2 ? 'syncFailed' : 'syncSucceeded')));
    assert.equal(results.filter((r) => r.moved).length, 1);
    const { status } = await store.get(id);
    assert.ok(results.every((r) => r.status === status), 'every writer learns the status that won');
  });

  it('a new grant brings a connection back to syncing from any status, keeping its id', async () => {
    for (const status of CONNECTION_STATUSES) {
      const before = await connectionIn(status);
      const again = await store.upsert({
        projectId, stripeAccountId: before.stripeAccountId, livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_new' },
      });
      assert.equal(again.created, false);
      assert.equal(again.connection.id, before.id);
      assert.equal(again.connection.status, 'syncing', `from ${status}`);
      assert.equal(again.connection.statusMessage, null);
      assert.deepEqual(await store.credentials(before.id), { secretKey: 'rk_test_new' });
    }
  });
});
