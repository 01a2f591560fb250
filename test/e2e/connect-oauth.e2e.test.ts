import assert from 'node:assert/strict';
import { useApiHarness } from '../support/api/use-api-harness';
import type { TestClient } from '../support/api/http-client';
import { freePort } from '../../src/infra/free-port';
import { testConfig } from '../support/config';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

/**
 * Connect OAuth end to end over HTTP: our redirect, the emulator's authorize endpoint (in its
 * automatic modes), our callback, and the real code exchange through the Stripe SDK.
 */
describe('connect with Stripe Connect OAuth (emulator)', () => {
  let emulator: TestEmulator;
  let appUrl: string;
  let platform: { clientId: string; secretKey: string };
  let merchant: { id: string };
  before(async () => {
    appUrl = `http://127.0.0.1:${await freePort()}`;
    emulator = await startTestEmulator();
    platform = await emulator.control('/_emulator/platform', { name: 'Engage', redirectUris: [`${appUrl}/integrations/stripe/oauth/callback`] });
    merchant = await emulator.control('/_emulator/accounts', { livemode: false, businessName: 'Merchant GmbH' });
  });
  const t = useApiHarness({
    config: () =>
      testConfig({
        appUrl,
        stripe: { apiUrl: emulator.url, connectUrl: emulator.url, clientId: platform.clientId, secretKey: platform.secretKey, oauthScope: 'read_only' },
      }),
  });
  let browser: TestClient;
  before(async () => {
    ({ client: browser } = await t.h.signedIn(t.projectId, t.apiKey));
  });

  const count = async () => Number((await t.db('stripe_connections').count('* as n'))[0]!.n);
  /** Our redirect to Stripe, then Stripe's answer: the URL it sends the browser back to. */
  async function throughStripe(mode: 'auto-approve' | 'auto-deny'): Promise<URL> {
    await emulator.control('/_emulator/oauth/mode', { mode });
    await emulator.control('/_emulator/oauth/next-account', { account: merchant.id });
    const ours = await browser.get(`/projects/${t.projectId}/integrations/stripe/connect`);
    assert.equal(ours.status, 302);
    assert.ok(ours.location!.startsWith(`${emulator.url}/oauth/authorize?`), ours.location!);
    const stripe = await fetch(ours.location!, { redirect: 'manual' });
    assert.equal(stripe.status, 302);
    const back = new URL(stripe.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, `${appUrl}/integrations/stripe/oauth/callback`);
    return back;
  }
  const follow = (url: URL) => browser.get(`${url.pathname}${url.search}`);

  it('a denied authorization is refused with a clear page and stores nothing', async () => {
    const back = await throughStripe('auto-deny');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    const res = await follow(back);
    assert.equal(res.status, 403);
    assert.match(res.text, /You declined the connection on Stripe/);
    assert.match(res.text, new RegExp(`href="/projects/${t.projectId}/settings/integrations"`));
    assert.equal(await count(), 0);
  });

  it('an approved authorization connects the account and starts its first sync', async () => {
    const back = await throughStripe('auto-approve');
    assert.ok(back.searchParams.get('code'));
    const res = await follow(back);
    assert.equal(res.status, 303, res.text.slice(0, 500));
    assert.equal(res.location, `/projects/${t.projectId}/settings/integrations?notice=connected`);
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    assert.equal(conn!.mode, 'oauth');
    assert.equal(conn!.stripeAccountId, merchant.id);
    assert.equal(conn!.livemode, false);
    assert.equal(conn!.scope, 'read_only');
    assert.equal(conn!.accountName, 'Merchant GmbH');
    const credentials = await t.h.deps.connections.credentials(conn!.id);
    assert.match(credentials.accessToken!, /^sk_test_/);
    assert.deepEqual(t.h.orchestrator.calls, [{ connectionId: conn!.id, kind: 'initial' }]);

    // the same answer again: the state is used up
    const replay = await follow(back);
    assert.equal(replay.status, 400);
    assert.match(replay.text, /already been completed/);
    assert.equal(await count(), 1);
  });

  it('a code Stripe refuses (already used) is shown as such and changes nothing', async () => {
    const first = await throughStripe('auto-approve');
    assert.equal((await follow(first)).location, `/projects/${t.projectId}/settings/integrations?notice=reconnected`);
    const again = await throughStripe('auto-approve');
    again.searchParams.set('code', first.searchParams.get('code')!);
    const res = await follow(again);
    assert.equal(res.status, 422);
    assert.match(res.text, /Stripe refused the authorization/);
    assert.equal(await count(), 1);
  });
});
