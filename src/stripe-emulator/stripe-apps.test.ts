import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { waitFor } from '../../test/support/wait';
import { startTestEmulator, startWebhookReceiver, type TestEmulator, type WebhookReceiver } from './test-helpers';

const CALLBACK = 'http://127.0.0.1:9/integrations/stripe/app/callback';

interface App {
  clientId: string;
  accountId: string;
  secretKey: string;
}

interface AppToken {
  access_token: string;
  refresh_token: string;
  scope: string;
  livemode: boolean;
  stripe_user_id: string;
  stripe_publishable_key: string;
  token_type: string;
}

describe('stripe emulator: Stripe App install (OAuth 2.0)', () => {
  let emulator: TestEmulator;
  let app: App;
  /** the App owner's key, as the integration calls `POST /v1/oauth/token` with it */
  let owner: Stripe;
  let receiver: WebhookReceiver;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    app = await emulator.post('/_emulator/apps', { name: 'Engage App', redirectUris: [CALLBACK], accessTokenLifetimeSeconds: 3600 });
    owner = emulator.stripe(app.secretKey);
    receiver = await startWebhookReceiver();
    await owner.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'], connect: true });
  });
  after(async () => {
    await receiver.close();
    await emulator.close();
  });

  const installUrl = (params: Record<string, string> = {}) => `${emulator.url}/oauth/v2/authorize?${new URLSearchParams({ client_id: app.clientId, ...params })}`;

  /** Installs on a fresh seeded account in auto-approve mode; returns where Stripe sends the browser back. */
  async function install(params: Record<string, string> = {}): Promise<{ back: URL; accountId: string }> {
    const merchant = await emulator.post('/_emulator/accounts', { livemode: false, seed: { seed: 5, customers: 20 } });
    await emulator.post('/_emulator/oauth/next-account', { account: merchant.id });
    await emulator.post('/_emulator/oauth/mode', { mode: 'auto-approve' });
    const res = await fetch(installUrl(params), { redirect: 'manual' });
    assert.equal(res.status, 302);
    return { back: new URL(res.headers.get('location')!), accountId: merchant.id };
  }

  const tokenRequest = (params: Record<string, string>, key = owner, idempotencyKey?: string): Promise<AppToken> =>
    key.rawRequest('POST', '/v1/oauth/token', params, idempotencyKey ? { idempotencyKey } : {}) as Promise<AppToken>;

  async function installed(): Promise<{ accountId: string; token: AppToken }> {
    const { back, accountId } = await install({ state: 's' });
    return { accountId, token: await tokenRequest({ grant_type: 'authorization_code', code: back.searchParams.get('code')! }) };
  }

  const rejectsInvalidGrant = (promise: Promise<unknown>) =>
    assert.rejects(promise, (e: Stripe.errors.StripeError) => {
      assert.equal(e.type, 'StripeInvalidGrantError');
      assert.equal(e.statusCode, 400);
      return true;
    });

  it('shows an install page naming the App and its permissions in manual mode', async () => {
    await emulator.post('/_emulator/oauth/mode', { mode: 'manual' });
    const page = await (await fetch(installUrl({ state: 'st4te', redirect_uri: CALLBACK }))).text();
    assert.match(page, /Engage App<\/strong> would like to be installed/);
    assert.match(page, /customer_read/);
    assert.match(page, /action="\/oauth\/v2\/authorize"/);
    assert.match(page, /name="state" value="st4te"/);
    assert.match(page, /name="decision" value="approve">Install</);
  });

  it('the Marketplace listing installs without a state', async () => {
    const page = await (await fetch(`${emulator.url}/apps/${app.clientId}`)).text();
    const href = /href="([^"]+)" data-install/.exec(page)![1]!.replace(/&amp;/g, '&');
    assert.deepEqual([...new URL(href, emulator.url).searchParams.keys()], ['client_id']);
    assert.equal((await fetch(`${emulator.url}/apps/ca_unknown`)).status, 404);
  });

  it('an install from our link comes back with a code and the state; one started in Stripe with no state', async () => {
    const ours = (await install({ state: 'st4te', redirect_uri: CALLBACK })).back;
    assert.equal(`${ours.origin}${ours.pathname}`, CALLBACK);
    assert.equal(ours.searchParams.get('state'), 'st4te');
    assert.match(ours.searchParams.get('code')!, /^ac_/);

    const fromStripe = (await install()).back;
    assert.equal(`${fromStripe.origin}${fromStripe.pathname}`, CALLBACK, 'the first registered redirect URI');
    assert.match(fromStripe.searchParams.get('code')!, /^ac_/);
    assert.equal(fromStripe.searchParams.has('state'), false);
  });

  it('a refused install comes back with access_denied; an unregistered redirect URI is an error page', async () => {
    await emulator.post('/_emulator/oauth/mode', { mode: 'auto-deny' });
    const res = await fetch(installUrl({ state: 'st4te' }), { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'st4te');
    const bad = await fetch(installUrl({ redirect_uri: 'http://evil.test/cb' }), { redirect: 'manual' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Invalid redirect URI/);
  });

  it('POST /v1/oauth/token exchanges the code once, with the owner key, for a token of the installed account', async () => {
    const { back, accountId } = await install({ state: 's' });
    const code = back.searchParams.get('code')!;
    const token = await tokenRequest({ grant_type: 'authorization_code', code });
    assert.equal(token.stripe_user_id, accountId);
    assert.equal(token.scope, 'stripe_apps');
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.livemode, false);
    assert.match(token.refresh_token, /^rt_/);
    assert.match(token.stripe_publishable_key, /^pk_test_/);
    assert.equal('expires_in' in token, false, 'Stripe does not say how long the token lives');

    const merchant = emulator.stripe(token.access_token);
    assert.equal((await merchant.accounts.retrieveCurrent()).id, accountId);
    assert.ok((await merchant.customers.list({ limit: 5 })).data.length > 0);
    await assert.rejects(merchant.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] }), { statusCode: 403 });

    await rejectsInvalidGrant(tokenRequest({ grant_type: 'authorization_code', code }));
    await assert.rejects(merchant.customers.list(), { statusCode: 401, code: 'api_key_expired' }, 'reusing the code revokes what it gave');
  });

  it('App codes and Connect codes are not interchangeable; other keys are refused', async () => {
    const { back } = await install();
    const platform = await emulator.post('/_emulator/platform', { name: 'Other platform', redirectUris: [CALLBACK] });
    const connect = emulator.stripe(platform.secretKey);
    await assert.rejects(connect.oauth.token({ grant_type: 'authorization_code', code: back.searchParams.get('code')! }), { type: 'StripeInvalidGrantError' });
    await assert.rejects(tokenRequest({ grant_type: 'authorization_code', code: back.searchParams.get('code')! }, connect), { type: 'StripeInvalidClientError' });
    await assert.rejects(tokenRequest({ grant_type: 'password' }), { type: 'StripeUnsupportedGrantTypeError' });
  });

  it('refresh tokens rotate: each use returns a new one and voids the old one at once', async () => {
    const { accountId, token } = await installed();
    const second = await tokenRequest({ grant_type: 'refresh_token', refresh_token: token.refresh_token });
    assert.equal(second.stripe_user_id, accountId);
    assert.notEqual(second.refresh_token, token.refresh_token);
    assert.notEqual(second.access_token, token.access_token);
    await rejectsInvalidGrant(tokenRequest({ grant_type: 'refresh_token', refresh_token: token.refresh_token }));
    const third = await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.refresh_token });
    assert.equal((await emulator.stripe(third.access_token).accounts.retrieveCurrent()).id, accountId);
    // of two refreshes racing on one token, one wins and the other gets invalid_grant
    const race = await Promise.allSettled([1, 2].map(() => tokenRequest({ grant_type: 'refresh_token', refresh_token: third.refresh_token })));
    assert.deepEqual(race.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  });

  it('a refresh retried with the same Idempotency-Key gets the first answer again', async () => {
    const { token } = await installed();
    const params = { grant_type: 'refresh_token', refresh_token: token.refresh_token };
    const first = await tokenRequest(params, owner, 'refresh-once');
    const again = await tokenRequest(params, owner, 'refresh-once');
    assert.deepEqual(again, first);
    await rejectsInvalidGrant(tokenRequest(params, owner, 'refresh-twice'));
  });

  it('an access token expires after the App\'s lifetime and is refused with Stripe\'s error', async () => {
    const quick = await emulator.post('/_emulator/apps', { account: app.accountId, name: 'Quick', redirectUris: [CALLBACK], accessTokenLifetimeSeconds: 1 });
    const merchant = await emulator.post('/_emulator/accounts', { livemode: false });
    await emulator.post('/_emulator/oauth/next-account', { account: merchant.id });
    await emulator.post('/_emulator/oauth/mode', { mode: 'auto-approve' });
    const res = await fetch(`${emulator.url}/oauth/v2/authorize?client_id=${quick.clientId}`, { redirect: 'manual' });
    const token = await tokenRequest({ grant_type: 'authorization_code', code: new URL(res.headers.get('location')!).searchParams.get('code')! });
    const res401 = await waitFor(async () => {
      const r = await fetch(`${emulator.url}/v1/customers`, { headers: { authorization: `Bearer ${token.access_token}` } });
      return r.status === 401 ? r : undefined;
    }, { what: 'the access token to expire', timeoutMs: 10_000 });
    const body = await res401.json() as { error: Record<string, string> };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'api_key_expired');
    assert.match(body.error.message, /^Expired API Key provided: sk_test_/);
    await emulator.post(`/_emulator/apps/${quick.clientId}`, { accessTokenLifetimeSeconds: 3600 });
    const fresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: token.refresh_token });
    assert.equal((await emulator.stripe(fresh.access_token).accounts.retrieveCurrent()).id, merchant.id, 'a token of the new lifetime');
  });

  it('the owner\'s Connect endpoints hear the installed account\'s events; uninstalling revokes the tokens', async () => {
    const { accountId, token } = await installed();
    await waitFor(() => receiver.received.find((r) => r.event.type === 'account.application.authorized' && r.event.account === accountId), { what: 'the install event' });
    const { events } = await emulator.post(`/_emulator/accounts/${accountId}/trigger`, { action: 'customer.create' });
    await waitFor(() => receiver.received.find((r) => r.event.id === events[0] && r.event.account === accountId), { what: 'the customer event' });

    await emulator.post(`/_emulator/apps/${app.clientId}/uninstall`, { account: accountId });
    const gone = await waitFor(() => receiver.received.find((r) => r.event.type === 'account.application.deauthorized' && r.event.account === accountId), { what: 'the uninstall event' });
    assert.deepEqual(gone.event.data.object, { id: app.clientId, object: 'application', name: 'Engage App' });
    await assert.rejects(emulator.stripe(token.access_token).customers.list(), { statusCode: 401 });
    await rejectsInvalidGrant(tokenRequest({ grant_type: 'refresh_token', refresh_token: token.refresh_token }));
  });
});
