import assert from 'node:assert/strict';
import { useApiHarness } from '../support/api/use-api-harness';
import { testConfig } from '../support/config';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

/** Connecting with a restricted key, checked for real against the Stripe emulator. */
describe('connect with a restricted API key (emulator)', () => {
  let emulator: TestEmulator;
  let account: { id: string; secretKey: string };
  before(async () => {
    emulator = await startTestEmulator();
    account = await emulator.control('/_emulator/accounts', { livemode: false, businessName: 'Side Project Ltd' });
  });
  const t = useApiHarness({ config: () => testConfig({ stripe: { apiUrl: emulator.url, connectUrl: emulator.url } }) });

  const connect = (secretKey: string) =>
    t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey } });
  const keyWith = async (permissions: string[], livemode?: boolean) =>
    (await emulator.control<{ secretKey: string }>(`/_emulator/accounts/${account.id}/keys`, { permissions, livemode })).secretKey;
  const connectionCount = async () => Number((await t.db('stripe_connections').count('* as n'))[0]!.n);

  it('names every permission a key lacks and stores nothing', async () => {
    const res = await connect(await keyWith(['customer_read', 'account_read']));
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'stripe_permission_missing');
    assert.match(res.body.error.message, /Subscriptions: Read, Charges: Read, Events: Read, Webhook Endpoints: Write/);
    assert.deepEqual(res.body.error.details.missing, ['subscription_read', 'charge_read', 'event_read', 'webhook_endpoint_write']);
    assert.equal(await connectionCount(), 0);
  });

  it('a key that may read but not manage webhook endpoints is refused for that alone', async () => {
    const res = await connect(await keyWith(['account_read', 'customer_read', 'subscription_read', 'charge_read', 'event_read', 'webhook_endpoint_read']));
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.details.missing, ['webhook_endpoint_write']);
    // the probe created nothing in Stripe
    const endpoints = await emulator.get<{ data: unknown[] }>(`/_emulator/accounts/${account.id}/objects?type=webhook_endpoints`);
    assert.equal(endpoints.data.length, 0);
  });

  it('refuses an unknown key without echoing it', async () => {
    const res = await connect('rk_test_51NotAKeyThatExistsAnywhere000000000000');
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'stripe_auth_failed');
    assert.doesNotMatch(res.text, /NotAKeyThatExists/);
    assert.equal(await connectionCount(), 0);
  });

  it('connects with a key holding the needed permissions, in the key\'s mode, and starts the sync', async () => {
    const res = await connect(account.secretKey);
    assert.equal(res.status, 201);
    assert.equal(res.body.stripeAccountId, account.id);
    assert.equal(res.body.livemode, false);
    assert.equal(res.body.mode, 'api_key');
    assert.equal(res.body.accountName, 'Side Project Ltd');
    assert.deepEqual(t.h.orchestrator.calls, [{ connectionId: res.body.id, kind: 'initial' }]);
    assert.deepEqual(await t.h.deps.connections.credentials(res.body.id), { secretKey: account.secretKey });
  });

  it('a live key of the same account connects its live mode beside the test mode', async () => {
    const res = await connect(await keyWith(['account_read', 'customer_read', 'subscription_read', 'charge_read', 'event_read', 'webhook_endpoint_write'], true));
    assert.equal(res.status, 201);
    assert.equal(res.body.livemode, true);
    const list = await t.h.client().get('/api/v1/integrations/stripe', { bearer: t.apiKey });
    assert.deepEqual(list.body.data.map((c: { stripeAccountId: string; livemode: boolean }) => [c.stripeAccountId, c.livemode]), [
      [account.id, false],
      [account.id, true],
    ]);
  });
});
