import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startTestEmulator, startWebhookReceiver, type TestEmulator, type WebhookReceiver } from './test-helpers';
import { waitFor } from '../../test/support/wait';

const REDIRECT = 'http://127.0.0.1:9/integrations/stripe/oauth/callback';

interface Platform {
  accountId: string;
  clientId: string;
  secretKey: string;
}

describe('stripe emulator: Connect OAuth', () => {
  let emulator: TestEmulator;
  let platform: Platform;
  let stripe: Stripe;
  let connectReceiver: WebhookReceiver;
  let connectSecret: string;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    platform = await emulator.post('/_emulator/platform', { name: 'Engage Test', redirectUris: [REDIRECT] });
    stripe = emulator.stripe(platform.secretKey);
    stripe.setClientId(platform.clientId);
    connectReceiver = await startWebhookReceiver();
    const endpoint = await stripe.webhookEndpoints.create({ url: connectReceiver.url, enabled_events: ['*'], connect: true });
    connectSecret = endpoint.secret!;
  });
  after(async () => {
    await connectReceiver.close();
    await emulator.close();
  });

  const authorizeUrl = (params: Record<string, string> = {}) =>
    `${emulator.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: platform.clientId, redirect_uri: REDIRECT, state: 'st4te', ...params })}`;

  /** Follows the authorize URL in an automatic mode; returns where Stripe sends the browser back. */
  async function authorize(mode: 'auto-approve' | 'auto-deny', params?: Record<string, string>): Promise<URL> {
    await emulator.post('/_emulator/oauth/mode', { mode });
    const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
    assert.equal(res.status, 302);
    return new URL(res.headers.get('location')!);
  }

  async function connectAccount(scope = 'read_write'): Promise<{ accountId: string; token: Stripe.OAuthToken }> {
    const merchant = await emulator.post('/_emulator/accounts', { livemode: false, seed: { seed: 3, customers: 30 } });
    await emulator.post('/_emulator/oauth/next-account', { account: merchant.id });
    const back = await authorize('auto-approve', { scope });
    const token = await stripe.oauth.token({ grant_type: 'authorization_code', code: back.searchParams.get('code')! });
    return { accountId: merchant.id, token };
  }

  it('shows an Approve / Deny page naming the platform in manual mode', async () => {
    await emulator.post('/_emulator/oauth/mode', { mode: 'manual' });
    const page = await (await fetch(authorizeUrl({ 'stripe_user[email]': 'owner@shop.test' }))).text();
    assert.match(page, /Engage Test/);
    assert.match(page, /name="decision" value="approve"/);
    assert.match(page, /name="decision" value="deny"/);
    assert.match(page, /value="owner@shop.test"/);
  });

  it('refuses a redirect_uri that was not registered', async () => {
    const res = await fetch(authorizeUrl({ redirect_uri: 'http://evil.test/cb' }), { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Invalid redirect URI/);
  });

  it('approval redirects with a code, the scope and the state; the code is exchanged once', async () => {
    await emulator.post('/_emulator/oauth/mode', { mode: 'auto-approve' });
    const back = await authorize('auto-approve', { scope: 'read_only' });
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st4te');
    assert.equal(back.searchParams.get('scope'), 'read_only');
    const code = back.searchParams.get('code')!;
    assert.match(code, /^ac_/);

    const token = await stripe.oauth.token({ grant_type: 'authorization_code', code });
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.scope, 'read_only');
    assert.equal(token.livemode, false);
    assert.match(token.stripe_publishable_key!, /^pk_test_/);
    assert.match(token.refresh_token!, /^rt_/);
    const connected = emulator.stripe(token.access_token!);
    assert.equal((await connected.accounts.retrieveCurrent()).id, token.stripe_user_id);
    assert.equal((await connected.customers.list({ limit: 100 })).data.length > 0, true, 'a fresh account comes seeded');

    await assert.rejects(stripe.oauth.token({ grant_type: 'authorization_code', code }), (e: Stripe.errors.StripeError) => {
      assert.equal(e.type, 'StripeInvalidGrantError');
      assert.match(e.message, /already been used/);
      return true;
    });
    await assert.rejects(connected.customers.list(), { statusCode: 401, code: 'api_key_expired' });
  });

  it('denial redirects with access_denied and the state', async () => {
    const back = await authorize('auto-deny');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('error_description'), 'The user denied your request');
    assert.equal(back.searchParams.get('state'), 'st4te');
    assert.equal(back.searchParams.get('code'), null);
  });

  it('connects the prepared account; the platform key reaches it with Stripe-Account', async () => {
    const { accountId, token } = await connectAccount();
    assert.equal(token.stripe_user_id, accountId);
    const customers = await stripe.customers.list({ limit: 100 }, { stripeAccount: accountId });
    assert.equal(customers.data.length > 0, true);
    assert.equal((await stripe.accounts.retrieve(accountId)).id, accountId);
    const refreshed = await stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: token.refresh_token! });
    assert.equal(refreshed.stripe_user_id, accountId);
    // Connect refresh tokens do not rotate (Stripe Apps' do)
    assert.equal(refreshed.refresh_token, token.refresh_token);
    const again = await stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: token.refresh_token! });
    assert.equal(again.stripe_user_id, accountId);
  });

  it('Connect endpoints receive connected accounts\' events with `account` set', async () => {
    const { accountId } = await connectAccount();
    const { events } = await emulator.post(`/_emulator/accounts/${accountId}/trigger`, { action: 'customer.create' });
    const delivery = await waitFor(() => connectReceiver.received.find((r) => r.event.id === events[0]), { what: 'the Connect delivery' });
    assert.equal(delivery.event.account, accountId);
    assert.equal(emulator.stripe(platform.secretKey).webhooks.constructEvent(delivery.body, delivery.signature, connectSecret).id, events[0]);
  });

  it('deauthorize revokes access and emits account.application.deauthorized to the platform', async () => {
    const { accountId, token } = await connectAccount();
    assert.deepEqual(await stripe.oauth.deauthorize({ stripe_user_id: accountId }), { stripe_user_id: accountId });
    const delivery = await waitFor(() =>
      connectReceiver.received.find((r) => r.event.type === 'account.application.deauthorized' && r.event.account === accountId), { what: 'the deauthorization event' });
    assert.deepEqual(delivery.event.data.object, { id: platform.clientId, object: 'application', name: 'Engage Test' });
    await assert.rejects(stripe.customers.list({}, { stripeAccount: accountId }), { statusCode: 403, code: 'account_invalid' });
    await assert.rejects(emulator.stripe(token.access_token!).customers.list(), { statusCode: 401 });
    await assert.rejects(stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: token.refresh_token! }), { type: 'StripeInvalidGrantError' });
  });

  it('the account\'s owner can disconnect the platform from Stripe\'s side: the same deauthorization, told only by the event', async () => {
    const { accountId, token } = await connectAccount();
    const { events, platform: from } = await emulator.post(`/_emulator/accounts/${accountId}/deauthorize`, {});
    assert.equal(from, platform.accountId);
    const delivery = await waitFor(() => connectReceiver.received.find((r) => r.event.id === events[0]), { what: 'the deauthorization event' });
    assert.equal(delivery.event.type, 'account.application.deauthorized');
    assert.equal(delivery.event.account, accountId);
    await assert.rejects(stripe.customers.list({}, { stripeAccount: accountId }), { statusCode: 403, code: 'account_invalid' });
    await assert.rejects(emulator.stripe(token.access_token!).customers.list(), { statusCode: 401 });
    // the platform's own deauthorize now finds nothing to disconnect
    await assert.rejects(stripe.oauth.deauthorize({ stripe_user_id: accountId }), { type: 'StripeInvalidClientError' });
    const again = await fetch(`${emulator.url}/_emulator/accounts/${accountId}/deauthorize`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(again.status, 400);
  });
});
