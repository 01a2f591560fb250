import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { randomBase62 } from '../domain/ids';
import { createEncryptor, generateEncryptionKey } from '../security/encryption';
import { createConnectionStore, type ConnectionStore } from './connection-store';
import { createProjectStore } from './project-store';

describe('connection credentials after a token refresh', () => {
  let db: Knex;
  let store: ConnectionStore;
  let projectId: string;
  before(async () => {
    ({ db } = await createTestDb());
    store = createConnectionStore(db, createEncryptor(generateEncryptionKey()));
    projectId = (await createProjectStore(db).create('rotation')).project.id;
  });

  const install = (refreshToken: string) =>
    store.upsert({
      projectId, stripeAccountId: `acct_${randomBase62(8)}`, livemode: false, mode: 'app',
      credentials: { accessToken: 'sk_test_old', refreshToken, accessTokenExpiresAt: '2030-01-01T00:00:00.000Z' },
    });

  it('replaces them, encrypted, while they still hold the refresh token spent', async () => {
    const { connection } = await install('rt_first');
    const next = { accessToken: 'sk_test_new', refreshToken: 'rt_second', accessTokenExpiresAt: '2030-01-01T01:00:00.000Z' };
    assert.equal(await store.rotateCredentials(connection.id, 'rt_first', next), true);
    assert.deepEqual(await store.credentials(connection.id), next);
    const row = await db('stripe_connections').where({ id: connection.id }).first('credentials');
    assert.doesNotMatch(row.credentials, /rt_second|sk_test_new/);
  });

  it('keeps what a reinstall stored meanwhile', async () => {
    const { connection } = await install('rt_a');
    await store.upsert({ ...connection, credentials: { accessToken: 'sk_test_reinstalled', refreshToken: 'rt_reinstalled' } });
    assert.equal(await store.rotateCredentials(connection.id, 'rt_a', { accessToken: 'sk_test_late', refreshToken: 'rt_late' }), false);
    assert.equal((await store.credentials(connection.id)).refreshToken, 'rt_reinstalled');
  });
});
