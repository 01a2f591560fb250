import assert from 'node:assert/strict';
import { freePort } from '../../src/infra/free-port';
import { useApiHarness } from '../support/api/use-api-harness';
import { csrfFrom, type TestClient } from '../support/api/http-client';
import { testConfig } from '../support/config';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

/**
 * The Stripe App install end to end over HTTP, both ways in: from Settings (our redirect with a
 * state, the emulator's install link, our callback) and from Stripe (a code with no state, then
 * sign in, choose the project, exchange). The code exchange is real, at the emulator's
 * `POST /v1/oauth/token`.
 */
describe('install the Stripe App (emulator)', () => {
  let emulator: TestEmulator;
  let appUrl: string;
  let app: { clientId: string; secretKey: string };
  let merchant: { id: string };
  before(async () => {
    appUrl = `http://127.0.0.1:${await freePort()}`;
    emulator = await startTestEmulator();
    app = await emulator.control('/_emulator/apps', { name: 'Engage App', redirectUris: [`${appUrl}/integrations/stripe/app/callback`] });
    merchant = await emulator.control('/_emulator/accounts', { livemode: false, businessName: 'Merchant GmbH' });
  });
  const t = useApiHarness({
    config: () =>
      testConfig({
        appUrl,
        stripe: { apiUrl: emulator.url, secretKey: app.secretKey, appClientId: app.clientId, appInstallUrl: `${emulator.url}/oauth/v2/authorize` },
      }),
  });
  let browser: TestClient;
  before(async () => {
    ({ client: browser } = await t.h.signedIn(t.projectId, t.apiKey));
  });
  beforeEach(() => emulator.control('/_emulator/oauth/next-account', { account: merchant.id }));

  const connections = () => t.h.deps.connections.listByProject(t.projectId);
  const settings = () => `/projects/${t.projectId}/settings/integrations`;

  /** Stripe's install, in an automatic mode: where it sends the browser back. */
  async function throughStripe(installLink: string, mode: 'auto-approve' | 'auto-deny' = 'auto-approve'): Promise<URL> {
    await emulator.control('/_emulator/oauth/mode', { mode });
    const res = await fetch(installLink, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const back = new URL(res.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, `${appUrl}/integrations/stripe/app/callback`);
    return back;
  }
  const follow = (url: URL, client = browser) => client.get(`${url.pathname}${url.search}`);
  /** An install started in Stripe's Marketplace: its link names only the App. */
  const fromStripe = () => throughStripe(`${emulator.url}/oauth/v2/authorize?client_id=${app.clientId}`);

  it('Settings offers "Install the Stripe App", which sends the browser to the App\'s install link with a state', async () => {
    const page = await browser.get(settings());
    assert.match(page.text, /data-app-install[^>]*>Install the Stripe App</);
    const res = await browser.get(`/projects/${t.projectId}/integrations/stripe/app`);
    assert.equal(res.status, 302);
    const url = new URL(res.location!);
    assert.equal(`${url.origin}${url.pathname}`, `${emulator.url}/oauth/v2/authorize`);
    assert.equal(url.searchParams.get('client_id'), app.clientId);
    assert.equal(url.searchParams.get('redirect_uri'), `${appUrl}/integrations/stripe/app/callback`);
    assert.match(url.searchParams.get('state')!, new RegExp(`^${t.projectId}~ost_`));
  });

  it('a declined install from Settings is refused with a clear page and stores nothing', async () => {
    const ours = await browser.get(`/projects/${t.projectId}/integrations/stripe/app`);
    const res = await follow(await throughStripe(ours.location!, 'auto-deny'));
    assert.equal(res.status, 403);
    assert.match(res.text, /You declined the connection on Stripe/);
    assert.deepEqual(await connections(), []);
  });

  it('an install from Settings connects the account with its expiring token stored encrypted, and starts the sync', async () => {
    const ours = await browser.get(`/projects/${t.projectId}/integrations/stripe/app`);
    const back = await throughStripe(ours.location!);
    assert.ok(back.searchParams.get('state'));
    const res = await follow(back);
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `${settings()}?notice=connected`);
    const [conn] = await connections();
    assert.equal(conn!.mode, 'app');
    assert.equal(conn!.stripeAccountId, merchant.id);
    assert.equal(conn!.accountName, 'Merchant GmbH');
    assert.equal(conn!.scope, 'stripe_apps');
    const credentials = await t.h.deps.connections.credentials(conn!.id);
    assert.match(credentials.accessToken!, /^sk_test_/);
    assert.match(credentials.refreshToken!, /^rt_/);
    const expiresIn = Date.parse(credentials.accessTokenExpiresAt!) - Date.now();
    assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, `expires in ${expiresIn} ms`);
    const row = await t.db('stripe_connections').where({ id: conn!.id }).first('credentials');
    assert.doesNotMatch(row.credentials, /sk_test_|rt_|expires/i);
    assert.deepEqual(t.h.orchestrator.calls, [{ connectionId: conn!.id, kind: 'initial' }]);
    assert.equal((await follow(back)).status, 400, 'the state is used up');
  });

  it('an install started in Stripe, in a browser without a session: sign in with the project key, then it connects', async () => {
    const stranger = t.h.client();
    const callback = await follow(await fromStripe(), stranger);
    assert.equal(callback.status, 303);
    const finish = await stranger.get(callback.location!);
    assert.equal(finish.status, 200);
    assert.match(finish.text, /Finish installing the Stripe App/);
    assert.doesNotMatch(finish.text, /data-app-install-project/, 'no project to offer before signing in');
    const install = /name="install" value="([^"]+)"/.exec(finish.text)![1]!;

    const wrong = await stranger.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom(finish.text), install, apiKey: 'sek_wrong' } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /That API key opens no project/);

    const res = await stranger.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom(finish.text), install, apiKey: t.apiKey } });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `${settings()}?notice=reconnected`);
    assert.equal((await stranger.get(settings())).status, 200, 'signed in to the project on the way');
    const [conn] = await connections();
    assert.equal(conn!.mode, 'app');
    assert.equal(t.h.orchestrator.calls.at(-1)!.kind, 'resync');

    const again = await stranger.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom((await stranger.get(settings())).text), install, apiKey: t.apiKey } });
    assert.equal(again.status, 400, 'the install is used up');
    assert.match(again.text, /This App install cannot be finished/);
  });

  it('an install started in Stripe, in a signed-in browser: it offers that project, and connects on the click', async () => {
    const other = await t.h.createProject('Other shop');
    const { client } = await t.h.signedIn(other.projectId, other.apiKey);
    const finish = await client.get((await follow(await fromStripe(), client)).location!);
    assert.match(finish.text, /Connect to Other shop/);
    const install = /name="install" value="([^"]+)"/.exec(finish.text)![1]!;
    const res = await client.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom(finish.text), install, projectId: other.projectId } });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `/projects/${other.projectId}/settings/integrations?notice=connected`);
    assert.deepEqual((await t.h.deps.connections.listByProject(other.projectId)).map((c) => [c.mode, c.stripeAccountId]), [['app', merchant.id]]);
  });

  it('refuses clearly what cannot finish: another project than the signed-in one, another browser, a lapsed install, no code', async () => {
    const before = (await t.db('stripe_connections').count('* as n'))[0]!.n;
    const callback = await follow(await fromStripe());
    const finish = await browser.get(callback.location!);
    const install = /name="install" value="([^"]+)"/.exec(finish.text)![1]!;
    const other = await t.h.createProject('Not signed in');
    const foreign = await browser.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom(finish.text), install, projectId: other.projectId } });
    assert.equal(foreign.status, 401);
    assert.match(foreign.text, /Sign in to the project first/);

    const elsewhere = t.h.client();
    const stolen = await elsewhere.get(callback.location!);
    assert.equal(stolen.status, 400);
    assert.match(stolen.text, /belongs to another browser session/);

    await t.db('pending_app_installs').where({ id: install }).update({ expires_at: t.db.raw(`now() - interval '1 second'`) });
    const lapsed = await browser.get(callback.location!);
    assert.equal(lapsed.status, 400);
    assert.match(lapsed.text, /waited more than 5 minutes/);

    const empty = await browser.get('/integrations/stripe/app/callback');
    assert.equal(empty.status, 400);
    assert.match(empty.text, /without the state/);
    assert.equal((await t.db('stripe_connections').count('* as n'))[0]!.n, before);
  });

  it('a code Stripe refuses (already used) is shown as such and connects nothing new', async () => {
    const back = await fromStripe();
    const first = await browser.get((await follow(back)).location!);
    const install = /name="install" value="([^"]+)"/.exec(first.text)![1]!;
    // the same code exchanged elsewhere first
    await fetch(`${emulator.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')! }),
    });
    const res = await browser.post('/integrations/stripe/app/finish', { form: { _csrf: csrfFrom(first.text), install, projectId: t.projectId } });
    assert.equal(res.status, 422);
    assert.match(res.text, /Stripe refused the App install/);
  });
});
