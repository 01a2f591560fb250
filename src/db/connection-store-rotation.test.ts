import assert from 'node:assert/strict';
import { useConnectionStore } from '../../test/support/connection-store';
import { randomBase62 } from '../domain/ids';

describe('connection credentials after a token refresh', () => {
  const f = useConnectionStore('rotation');

  const install = (refreshToken: string) =>
    f.store.upsert({
      projectId: f.projectId, stripeAccountId: `acct_${randomBase62(8)}`, livemode: false, mode: 'app',
      credentials: { accessToken: 'sk_test_old', refreshToken, accessTokenExpiresAt: '2030-01-01T00:00:00.000Z' },
    });

  it('replaces them, encrypted, while they still hold the refresh token spent', async () => {
    const { connection } = await install('rt_first');
    const next = { accessToken: 'sk_test_new', refreshToken: 'rt_second', accessTokenExpiresAt: '2030-01-01T01:00:00.000Z' };
    assert.equal(await f.store.rotateCredentials(connection.id, 'rt_first', next), true);
    assert.deepEqual(await f.store.credentials(connection.id), next);
    const row = await f.db('stripe_connections').where({ id: connection.id }).first('credentials');
    assert.doesNotMatch(row.credentials, /rt_second|sk_test_new/);
  });

  it('keeps what a reinstall stored meanwhile', async () => {
    const { connection } = await install('rt_a');
    await f.store.upsert({ ...connection, credentials: { accessToken: 'sk_test_reinstalled', refreshToken: 'rt_reinstalled' } });
    assert.equal(await f.store.rotateCredentials(connection.id, 'rt_a', { accessToken: 'sk_test_late', refreshToken: 'rt_late' }), false);
    assert.equal((await f.store.credentials(connection.id)).refreshToken, 'rt_reinstalled');
  });
});
