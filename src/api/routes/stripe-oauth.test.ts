import assert from 'node:assert/strict';
import { testConfig } from '../../../test/support/config';
import { createOAuthProvider } from '../../connect/oauth-provider';
import { DomainError } from '../../domain/errors';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { fakeProvider, grantFor } from '../../../test/support/api/fake-providers';
import { backLinkFrom, type TestClient } from '../../../test/support/api/http-client';

describe('Connect with Stripe (OAuth)', () => {
  const config = testConfig({
    appUrl: 'https://engage.example.com',
    stripe: { clientId: 'ca_platform123', secretKey: 'sk_test_platform', connectUrl: 'http://127.0.0.1:12111', oauthScope: 'read_only' },
  });
  const exchange = fakeProvider<{ code: string }>('oauth', (i) => i.code, {
    ac_good: grantFor('oauth', 'acct_oauth', false, 'sk_test_access'),
    ac_live: grantFor('oauth', 'acct_oauth', true, 'sk_live_access'),
    ac_used: new DomainError('stripe_auth_failed', 'Stripe refused the authorization (InvalidGrantError: Authorization code does not exist). Please connect again.'),
  });
  const t = useApiHarness({ config, overrides: () => ({ oauth: { ...createOAuthProvider(config.stripe), grant: (input) => exchange.grant(input) } }) });
  let browser: TestClient;
  before(async () => {
    ({ client: browser } = await t.h.signedIn(t.projectId, t.apiKey));
  });

  const count = async (table: string) => Number((await t.db(table).count('* as n'))[0]!.n);
  const settings = () => `/projects/${t.projectId}/settings/integrations`;

  /** Starts a connection and returns the state Stripe would echo back. */
  async function begin(client = browser): Promise<string> {
    const res = await client.get(`/projects/${t.projectId}/integrations/stripe/connect`);
    assert.equal(res.status, 302);
    return new URL(res.location!).searchParams.get('state')!;
  }
  const callback = (query: Record<string, string>, client = browser) =>
    client.get(`/integrations/stripe/oauth/callback?${new URLSearchParams(query)}`);

  it('redirects to Stripe\'s authorize page with our client id, scope, state and redirect URI', async () => {
    const res = await browser.get(`/projects/${t.projectId}/integrations/stripe/connect`);
    assert.equal(res.status, 302);
    const url = new URL(res.location!);
    assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:12111/oauth/authorize');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('client_id'), 'ca_platform123');
    assert.equal(url.searchParams.get('scope'), 'read_only');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://engage.example.com/integrations/stripe/oauth/callback');
    assert.equal(url.searchParams.get('state')!.split('~')[0], t.projectId);
    assert.match(url.searchParams.get('state')!.split('~')[1]!, /^ost_\w+\.[\w-]+$/);
  });

  it('needs a signed-in session of the project to start', async () => {
    const res = await t.h.client().get(`/projects/${t.projectId}/integrations/stripe/connect`);
    assert.equal(res.status, 302);
    assert.match(res.location!, /\/login\?next=/);
  });

  it('refuses access_denied with a clear page, stores nothing, and leads back', async () => {
    const state = await begin();
    const res = await callback({ error: 'access_denied', error_description: 'The user denied your request', state });
    assert.equal(res.status, 403);
    assert.match(res.text, /Connection declined/);
    assert.equal(backLinkFrom(res.text), settings());
    assert.equal(await count('stripe_connections'), 0);
    // the state is used up
    assert.equal((await callback({ code: 'ac_good', state })).status, 400);
    assert.equal(await count('stripe_connections'), 0);
  });

  it('refuses a forged, unknown or missing state, stores nothing, and leads back', async () => {
    const state = await begin();
    const [id, mac] = state.split('.');
    for (const bad of [`${id}.${mac!.slice(1)}A`, `${t.projectId}~ost_unknownunknownunknown1.${mac}`, 'garbage']) {
      const res = await callback({ code: 'ac_good', state: bad });
      assert.equal(res.status, 400, bad);
      assert.match(res.text, /This connection link is not valid/);
      assert.equal(backLinkFrom(res.text), settings(), bad);
    }
    const missing = await callback({ code: 'ac_good' });
    assert.match(missing.text, /without the state/);
    assert.equal(backLinkFrom(missing.text), settings());
    assert.equal(await count('stripe_connections'), 0);
  });

  it('refuses a state whose project part was changed, though its signed part is ours, and uses it up', async () => {
    const other = await t.h.createProject('Other');
    const state = await begin();
    const signed = state.slice(state.indexOf('~') + 1);
    for (const prefix of [other.projectId, `${t.projectId.slice(0, -1)}${t.projectId.endsWith('x') ? 'y' : 'x'}`]) {
      const res = await callback({ code: 'ac_good', state: `${prefix}~${signed}` });
      assert.equal(res.status, 400, prefix);
      assert.match(res.text, /This connection link is not valid/);
      assert.equal(backLinkFrom(res.text), settings(), 'back to the session\'s own project');
    }
    assert.match((await callback({ code: 'ac_good', state })).text, /already been completed/);
    assert.equal(await count('stripe_connections'), 0);
  });

  it('refuses an expired state', async () => {
    const state = await begin();
    await t.db('oauth_states').where({ id: state.split('~')[1]!.split('.')[0] }).update({ expires_at: t.db.raw(`now() - interval '1 second'`) });
    const res = await callback({ code: 'ac_good', state });
    assert.equal(res.status, 400);
    assert.match(res.text, /longer than 10 minutes/);
    assert.equal(backLinkFrom(res.text), settings());
    assert.equal(await count('stripe_connections'), 0);
  });

  it('refuses a state begun in another browser session, and leads back to its project', async () => {
    const { client: other } = await t.h.signedIn(t.projectId, t.apiKey);
    for (const stranger of [other, t.h.client()]) {
      const res = await callback({ code: 'ac_good', state: await begin() }, stranger);
      assert.equal(res.status, 400);
      assert.match(res.text, /another browser session/);
      assert.equal(backLinkFrom(res.text), settings());
    }
    assert.equal(await count('stripe_connections'), 0);
  });

  it('leads back to the session\'s own project rather than one a state names', async () => {
    const other = await t.h.createProject('Other');
    const res = await callback({ code: 'ac_good', state: `${other.projectId}~garbage` });
    assert.equal(res.status, 400);
    assert.equal(backLinkFrom(res.text), settings());
  });

  it('tells the way back when no project is known (no session, no state)', async () => {
    const res = await callback({ error: 'access_denied' }, t.h.client());
    assert.equal(res.status, 403);
    assert.equal(backLinkFrom(res.text), undefined);
    assert.match(res.text, /sign in to your project and open Settings → Integrations/);
  });

  it('shows Stripe\'s refusal of the code and stores nothing', async () => {
    const res = await callback({ code: 'ac_used', state: await begin() });
    assert.equal(res.status, 422);
    assert.match(res.text, /Authorization code does not exist/);
    assert.equal(backLinkFrom(res.text), settings());
    assert.equal(await count('stripe_connections'), 0);
  });

  it('connects on approval: stores the tokens encrypted, adds segments, starts the first sync, returns to settings', async () => {
    const state = await begin();
    const res = await callback({ code: 'ac_good', scope: 'read_only', state });
    assert.equal(res.status, 303);
    assert.equal(res.location, `${settings()}?notice=connected`);
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    assert.equal(conn!.mode, 'oauth');
    assert.equal(conn!.stripeAccountId, 'acct_oauth');
    assert.equal(conn!.scope, 'read_only');
    const row = await t.db('stripe_connections').where({ id: conn!.id }).first();
    assert.doesNotMatch(row.credentials, /sk_test_access/);
    assert.equal((await t.h.deps.connections.credentials(conn!.id)).accessToken, 'sk_test_access');
    assert.deepEqual(t.h.orchestrator.calls, [{ connectionId: conn!.id, kind: 'initial' }]);
    assert.equal(await count('segments'), 2);

    const reused = await callback({ code: 'ac_good', state });
    assert.equal(reused.status, 400);
    assert.match(reused.text, /already been completed/);
    assert.equal(await count('stripe_connections'), 1);
  });

  it('connects the live mode of the same account beside the test mode', async () => {
    const res = await callback({ code: 'ac_live', state: await begin() });
    assert.equal(res.status, 303);
    const connections = await t.h.deps.connections.listByProject(t.projectId);
    assert.deepEqual(connections.map((c) => [c.stripeAccountId, c.livemode]), [['acct_oauth', false], ['acct_oauth', true]]);
  });
});
