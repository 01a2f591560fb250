import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { fakeApiKeyProvider, grantFor } from '../../../test/support/api/fake-providers';
import { backLinkFrom, type TestClient } from '../../../test/support/api/http-client';

describe('Settings → Integrations page', () => {
  const apiKeyProvider = fakeApiKeyProvider({
    rk_test_page: grantFor('api_key', 'acct_page'),
    rk_test_nowebhooks: new DomainError('stripe_permission_missing', 'This key is missing a permission: Webhook Endpoints: Write.'),
  });
  const t = useApiHarness({ overrides: () => ({ apiKeyProvider }) });
  let browser: TestClient;
  let csrf: string;
  before(async () => {
    ({ client: browser, csrf } = await t.h.signedIn(t.projectId, t.apiKey));
  });

  const page = () => browser.get(`/projects/${t.projectId}/settings/integrations`);
  const postKey = (form: Record<string, string>, client = browser) => client.post(`/projects/${t.projectId}/integrations/stripe/api-key`, { form });
  const connectionCount = async () => Number((await t.db('stripe_connections').count('* as n'))[0]!.n);

  it('offers Connect with Stripe and the API-key form', async () => {
    const res = await page();
    assert.equal(res.status, 200);
    assert.match(res.text, /Connect with Stripe/);
    assert.match(res.text, new RegExp(`href="/projects/${t.projectId}/integrations/stripe/connect"`));
    assert.match(res.text, /data-api-key-form/);
    assert.match(res.text, /No Stripe account is connected yet/);
    assert.match(res.headers.get('content-security-policy')!, /script-src 'nonce-/);
  });

  it('says when OAuth is not configured', async () => {
    assert.match((await page()).text, /OAuth\) is not configured/);
    const res = await browser.get(`/projects/${t.projectId}/integrations/stripe/connect`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Connect with Stripe is not configured/);
    assert.equal(backLinkFrom(res.text), `/projects/${t.projectId}/settings/integrations`);
    assert.equal(await t.db('oauth_states').count('* as n').then((r) => Number(r[0]!.n)), 0);
  });

  it('refuses the API-key form without the CSRF token and stores nothing', async () => {
    const res = await postKey({ secretKey: 'rk_test_page' });
    assert.equal(res.status, 403);
    const forged = await postKey({ secretKey: 'rk_test_page', _csrf: 'x'.repeat(43) });
    assert.equal(forged.status, 403);
    assert.equal(await connectionCount(), 0);
  });

  it('shows what Stripe said about a key beside the form', async () => {
    const res = await postKey({ secretKey: 'rk_test_nowebhooks', _csrf: csrf });
    assert.equal(res.status, 422);
    assert.match(res.text, /data-api-key-error/);
    assert.match(res.text, /missing a permission: Webhook Endpoints: Write/);
    assert.equal(await connectionCount(), 0);
  });

  it('connects with a key from the form, then shows the connection, test-mode badged and syncing', async () => {
    const res = await postKey({ secretKey: ' rk_test_page ', _csrf: csrf });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/projects/${t.projectId}/settings/integrations?notice=connected`);
    assert.equal(t.h.orchestrator.calls.length, 1);
    const shown = await browser.get(res.location!);
    assert.match(shown.text, /data-notice="connected"/);
    assert.match(shown.text, /data-test-badge>Test mode/);
    assert.match(shown.text, /data-status="syncing"/);
    assert.match(shown.text, /Account acct_page/);
  });

  it('shows live progress per object type while syncing', async () => {
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    const run = await t.h.deps.syncRuns.start({ connectionId: conn!.id, workflowId: `stripe-sync:${conn!.id}`, kind: 'initial' });
    await t.h.deps.syncRuns.progress(run.id, {
      phase: 'subscriptions',
      counts: { customers: 2000, subscriptions: 250, charges: 0, unmatchedCharges: 0 },
      totals: { customers: 2000, subscriptions: 1000 },
    });
    const text = (await page()).text;
    assert.match(text, /data-object="customers"[\s\S]*?2,000<\/span>[\s\S]*?width:100%/);
    assert.match(text, /data-object="subscriptions"[\s\S]*?250 of 1,000[\s\S]*?width:25%/);
    assert.match(text, /class="object unknown" data-object="charges"/);
    assert.match(text, /Importing subscriptions…/);

    const status = await browser.get(`/projects/${t.projectId}/integrations/stripe/status`, { headers: { accept: 'application/json' } });
    assert.equal(status.status, 200);
    assert.equal(status.body.data[0].sync.phase, 'subscriptions');
    await t.h.deps.syncRuns.finish(run.id, 'failed', 'Stripe answered 500 three times in a row');
  });

  it('shows a failed sync\'s error with a Retry button that resyncs', async () => {
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    await t.h.deps.connections.move(conn!.id, 'syncFailed');
    t.h.orchestrator.finish(conn!.id);
    const text = (await page()).text;
    assert.match(text, /The sync failed\.<\/strong> Stripe answered 500 three times in a row/);
    assert.match(text, new RegExp(`action="/projects/${t.projectId}/integrations/stripe/${conn!.id}/resync"[\\s\\S]*?Retry`));

    assert.equal((await browser.post(`/projects/${t.projectId}/integrations/stripe/${conn!.id}/resync`, { form: {} })).status, 403);
    const retry = await browser.post(`/projects/${t.projectId}/integrations/stripe/${conn!.id}/resync`, { form: { _csrf: csrf } });
    assert.equal(retry.status, 303);
    assert.match(retry.location!, /notice=resync_started/);
    assert.deepEqual(t.h.orchestrator.calls.at(-1), { connectionId: conn!.id, kind: 'resync' });
    assert.equal((await t.h.deps.connections.get(conn!.id)).status, 'syncing');
  });

  it('the status feed needs a session of this project', async () => {
    const res = await t.h.client().get(`/projects/${t.projectId}/integrations/stripe/status`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthorized');
    const bearer = await t.h.client().get(`/projects/${t.projectId}/integrations/stripe/status`, { bearer: t.apiKey, headers: { accept: 'application/json' } });
    assert.equal(bearer.status, 401);
  });

  it('another project\'s session cannot resync this project\'s connection', async () => {
    const other = await t.h.createProject('Other');
    const { client, csrf: theirs } = await t.h.signedIn(other.projectId, other.apiKey);
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    const res = await client.post(`/projects/${other.projectId}/integrations/stripe/${conn!.id}/resync`, { form: { _csrf: theirs } });
    assert.equal(res.status, 404);
  });

  it('Disconnect posts the choice of keeping or purging the Stripe data', async () => {
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    const text = (await page()).text;
    assert.match(text, new RegExp(`action="/projects/${t.projectId}/integrations/stripe/${conn!.id}/disconnect"`));
    assert.match(text, /name="data" value="keep" checked/);
    const form = (data: string, token = csrf) => browser.post(`/projects/${t.projectId}/integrations/stripe/${conn!.id}/disconnect`, { form: { data, _csrf: token } });
    assert.equal((await form('keep', 'x'.repeat(43))).status, 403);
    const purged = await form('purge');
    assert.equal(purged.status, 303);
    assert.equal(purged.location, `/projects/${t.projectId}/settings/integrations?notice=disconnected_purged`);
    assert.deepEqual(t.h.orchestrator.disconnects.at(-1), { connectionId: conn!.id, purge: true });
    assert.match((await browser.get(purged.location!)).text, /its data was removed from the profiles/);
  });

  it('a connection disconnected in Stripe says so, with when, and offers Reconnect; one that needs reconnecting offers it too', async () => {
    const [conn] = await t.h.deps.connections.listByProject(t.projectId);
    await t.h.deps.connections.disconnect(conn!.id, { by: 'stripe', message: 'The account removed this app\'s access in Stripe.' });
    const text = (await page()).text;
    assert.match(text, /data-status="disconnected"/);
    assert.match(text, /<strong>Disconnected in Stripe<\/strong> on <time datetime="[^"]+" data-disconnected-at>\w{3} \d{1,2}, \d{4}, \d\d:\d\d UTC<\/time>/);
    assert.match(text, /href="#secretKey" data-reconnect>Reconnect with a key/);
    assert.match(text, /Remove the Stripe data/);
    assert.doesNotMatch(text, /class="webhooks"/);

    await t.h.deps.connections.upsert({ projectId: t.projectId, ...grantFor('api_key', 'acct_page') });
    await t.h.deps.connections.move(conn!.id, 'credentialsRejected', 'Stripe rejected our credentials (401).');
    assert.match((await page()).text, /Stripe access was revoked or has expired[\s\S]*?data-reconnect/);
  });
});
