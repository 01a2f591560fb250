import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createApp } from '../../src/api/app';
import { SIGN_IN_LIMITS } from '../../src/api/routes/session';
import { createAutomationSettingStore } from '../../src/db/automation-setting-store';
import { automationCatalog, defaultParams } from '../../src/domain/automation';
import { randomBase62 } from '../../src/domain/ids';
import { hashApiKey } from '../../src/security/api-keys';
import { createEncryptor } from '../../src/security/encryption';
import { AUTOMATIONS } from '../../src/workflows/automations';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { deadEvent } from '../support/api/dead-event';
import { csrfFrom, type TestClient, type TestResponse } from '../support/api/http-client';
import { waitFor } from '../support/wait';
import { appRoutes, fillPath, routeName, type AppRoute } from './support/app-routes';
import { connectWithApiKey, connectWithOAuth, untilActive, type TestProject } from './support/connect';
import { findText, projectFingerprint } from './support/database';
import { useFaultStack } from './support/fault-stack';
import { faultScale } from './support/scale';
import { victimParam, type TenantIds } from './support/tenant-params';
import { createAutomationRunStore } from '../../src/db/automation-run-store';
import { createProfileEventStore } from '../../src/db/profile-event-store';
import { VALID_BODIES } from './support/valid-bodies';

interface Account { id: string; secretKey: string }

/** Tables whose rows belong to no project: migrations, Stripe's rate budget per account, events nobody's connection wanted. */
// a pending App install belongs to a browser session until a project is chosen; a drift check's
// seen-list to its check, which belongs to a connection
const UNOWNED_TABLES = ['knex_migrations', 'knex_migrations_lock', 'pending_app_installs', 'stripe_drift_seen', 'stripe_rate_budget', 'stripe_unrouted_events'];

/** One request project A makes against project B's things, and what it must get. */
interface Attempt {
  route: AppRoute;
  /** path and query */
  url: string;
  /** `not-found`: it names B's thing; `sign-in`: a page of B, where A is not signed in; `signature`: B's endpoint; `own`: A's own */
  expect: 'not-found' | 'sign-in' | 'signature' | 'refused' | 'own';
}

/**
 * Tenancy and secrets, on the suite's own PostgreSQL, Temporal server and worker process: two
 * projects with real connections (restricted keys and Connect OAuth, through the API and the
 * pages), synced customers, a dead event and an automation's webhook secret. Project A's key and
 * session go after B's things on every route the routers serve; then every column of every table,
 * and the API's and the worker's logs, are searched for every secret the run used.
 */
describe('tenancy and secrets: project A against project B', function () {
  const scale = faultScale('tenancy');
  this.timeout(scale.timeoutMs);
  const platformWebhookSecret = `whsec_${randomBase62(32)}`;
  const stack = useFaultStack({
    label: 'tenancy', worker: 'process', logLevel: 'debug',
    config: { demoMode: true, stripe: { webhookSecrets: [platformWebhookSecret], eventsPollSeconds: 86_400 } },
  });
  let a: TestProject;
  let b: TestProject;
  const victim = {} as TenantIds;
  const secrets: Record<string, string> = {};
  /** what of B's must never appear in an answer to A */
  let markers: string[] = [];
  let bEmail: string;
  let aEndpointSecret: string;

  before(async function () {
    this.timeout(240_000);
    const { emulator, db, config } = stack.env;
    a = await stack.api.createProject('Alpha');
    b = await stack.api.createProject('Bravo');
    const account = (seed: number) => emulator.control<Account>('/_emulator/accounts', { livemode: false, seed: { seed, customers: scale.customers } });
    const [alphaStripe, bravoStripe, bravoOAuth] = [await account(1), await account(2), await account(3)];
    const alphaConnection = await connectWithApiKey(stack, a, alphaStripe!.secretKey);
    victim.connectionId = await connectWithApiKey(stack, b, bravoStripe!.secretKey);
    const oauthConnection = await connectWithOAuth(stack, b, bravoOAuth!.id);
    await Promise.all([untilActive(stack, a, alphaConnection), untilActive(stack, b, victim.connectionId), untilActive(stack, b, oauthConnection)]);

    // a key Stripe refuses travels through the same code as one it takes
    const refusedKey = `rk_test_${randomBase62(24)}`;
    assert.equal((await stack.api.client().post('/api/v1/integrations/stripe/api-key', { bearer: a.apiKey, json: { secretKey: refusedKey } })).status, 422);
    const automationSecret = `engage_whsec_${randomBase62(24)}`;
    const settings = createAutomationSettingStore(db, createEncryptor(config.encryptionKey!));
    await settings.save(b.projectId, 'dunning', { enabled: true, params: defaultParams(automationCatalog(AUTOMATIONS).find('dunning')!.params), testModeEmails: false });
    await settings.issueWebhookSecret(b.projectId, 'dunning', automationSecret);
    // a live event through B's own endpoint: its delivery, verification and processing are in the logs too
    await emulator.control(`/_emulator/accounts/${bravoStripe!.id}/trigger`, { action: 'customer.create', email: 'late@bravo.example' });
    await waitFor(() => db('stripe_event_inbox').where({ connection_id: victim.connectionId, type: 'customer.created', status: 'processed' }).first(),
      { what: 'the live event processed', timeoutMs: 60_000 });

    const oauth = await stack.api.deps.connections.credentials(oauthConnection);
    aEndpointSecret = (await stack.api.deps.connections.webhookSecrets(alphaConnection))[0]!;
    Object.assign(secrets, {
      'project A API key': a.apiKey, 'project B API key': b.apiKey,
      'A restricted key': alphaStripe!.secretKey, 'B restricted key': bravoStripe!.secretKey, 'a refused restricted key': refusedKey,
      'OAuth access token': oauth.accessToken!, 'OAuth refresh token': oauth.refreshToken!,
      'A endpoint signing secret': aEndpointSecret, 'B endpoint signing secret': (await stack.api.deps.connections.webhookSecrets(victim.connectionId))[0]!,
      'automation webhook secret': automationSecret,
      'platform secret key': config.stripe.secretKey!, 'platform webhook secret': platformWebhookSecret, 'ENCRYPTION_KEY': config.encryptionKey!,
    });

    const bCustomers = (await stack.api.client().get('/api/v1/customers?limit=200', { bearer: b.apiKey })).body.data as { id: string; email: string }[];
    Object.assign(victim, { projectId: b.projectId, profileId: bCustomers[0]!.id, deadEventId: 'evt_bravo_dead' });
    await deadEvent(db, victim.connectionId, victim.deadEventId);
    const { event: bTrigger } = await createProfileEventStore(db).record({
      projectId: b.projectId, profileId: victim.profileId, name: 'Stripe Charge Failed', source: 'stripe', sourceEventId: 'evt_bravo_run', occurredAt: new Date(), properties: {},
    });
    const [bRun] = await createAutomationRunStore(db).claim([{
      projectId: b.projectId, automationId: 'dunning', version: 1, connectionId: victim.connectionId, sourceEventId: 'evt_bravo_run', profileEventId: bTrigger.id,
      profileId: victim.profileId, workflowId: `automation:${b.projectId}:dunning:evt_bravo_run`, summary: 'dunning · B', testMode: true, triggeredAt: bTrigger.occurredAt,
    }]);
    victim.runId = bRun!.runId;
    markers = [b.projectId, victim.connectionId, oauthConnection, bravoStripe!.id, bravoOAuth!.id, ...bCustomers.flatMap((c) => [c.id, c.email])].filter(Boolean);
    bEmail = bCustomers.find((c) => c.email)!.email;
    await waitFor(async () => !(await db('stripe_event_inbox').where({ status: 'pending' }).first()), { what: 'a quiet inbox' });
  });

  /** What A sends for each route: B's ids in its parameters, A's key or A's signed-in session. */
  function attempts(route: AppRoute): Attempt[] {
    const owned = route.params.filter((p) => p !== 'projectId').some((p) => victimParam(route, p, victim).owned);
    // a search by one of B's emails, where the route takes one
    const query = route.schema?.query && 'email' in ((route.schema.query as { shape?: object }).shape ?? {}) ? `?email=${encodeURIComponent(bEmail)}` : '';
    const url = (projectId: string) => `${fillPath(route, (p) => (p === 'projectId' ? projectId : victimParam(route, p, victim).value))}${query}`;
    const own: Attempt['expect'] = owned ? 'not-found' : 'own';
    if (route.access === 'api') return [{ route, url: url(''), expect: own }];
    if (route.access === 'page') return [{ route, url: url(a.projectId), expect: own }, { route, url: url(b.projectId), expect: 'sign-in' }];
    // the platform's endpoint, health and the OAuth callback belong to no project
    if (route.params.length === 0) return [];
    if (route.access === 'webhook') return [{ route, url: url(''), expect: 'signature' }];
    // an unsubscribe link A forges for one of B's profiles is refused as a bad signature is
    if (route.path.startsWith('/unsubscribe/')) return [{ route, url: url(''), expect: 'refused' }];
    throw new Error(`${routeName(route)}: a public route with parameters needs a tenancy rule in this suite`);
  }

  async function send(attempt: Attempt, browser: { client: TestClient; csrf: string }): Promise<TestResponse> {
    const { route } = attempt;
    const valid = VALID_BODIES[routeName(route)];
    const headers = { accept: 'application/json' };
    if (route.access === 'webhook') {
      const raw = JSON.stringify({ id: 'evt_from_a', object: 'event', type: 'customer.deleted', created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { object: 'customer', id: 'cus_x', deleted: true } } });
      return stack.api.client().post(attempt.url, { raw, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: aEndpointSecret }) } });
    }
    const opts = { json: valid, headers, bearer: route.access === 'api' ? a.apiKey : undefined };
    if (route.access === 'page') return browser.client.request(route.method, attempt.url, { ...opts, headers: { ...headers, 'x-csrf-token': browser.csrf } });
    return stack.api.client().request(route.method, attempt.url, opts);
  }

  function judge(attempt: Attempt, res: TestResponse): string | null {
    const { route, url, expect } = attempt;
    const where = `${routeName(route)} as ${url}`;
    // what A put in the request may come back (a search box, an error naming the id): nothing else of B's may
    const leaked = markers.filter((m) => !decodeURIComponent(url).includes(m) && res.text.includes(m));
    if (leaked.length) return `${where}: answers with B's ${leaked.join(', ')}`;
    if (res.status >= 500) return `${where}: ${res.status}`;
    if (expect === 'not-found' && res.status !== 404) return `${where}: ${res.status}, not 404: ${res.text.slice(0, 200)}`;
    if (expect === 'signature' && res.status !== 400) return `${where}: ${res.status}, not 400 invalid_signature`;
    if (expect === 'refused' && res.status !== 400) return `${where}: ${res.status}, not 400 (a forged link)`;
    // B's pages ask for B's sign-in (401, or a redirect within B's pages); only B's sign-in page itself is shown
    const signInPage = route.method === 'GET' && route.path.endsWith('/login') && res.status === 200;
    if (expect === 'sign-in' && ![401, 302, 303].includes(res.status) && !signInPage) return `${where}: ${res.status}, B's page answered A`;
    if (expect === 'sign-in' && res.location && !res.location.startsWith(`/projects/${b.projectId}/`)) return `${where}: redirects to ${res.location}`;
    return null;
  }

  it('A\'s key and session reach nothing of B on any route: 404 for B\'s things, none of B\'s data, B unchanged', async () => {
    const { db } = stack.env;
    // a forged delivery to B's endpoint is counted there, as any stranger's is: that count aside, nothing of B may change
    const rejected = async () => Number((await db('stripe_connections').where({ project_id: b.projectId }).sum('webhooks_rejected as n'))[0]!.n);
    const [before, rejectedBefore] = [await projectFingerprint(db, b.projectId, ['webhooks_rejected']), await rejected()];
    assert.deepEqual(before.unowned, UNOWNED_TABLES, 'every other table belongs to a project by project, connection, profile or run');
    const routes = appRoutes(createApp(stack.api.deps));
    const problems: string[] = [];
    const tally = { 'not-found': 0, 'sign-in': 0, signature: 0, refused: 0, own: 0 };
    for (const route of routes) {
      for (const attempt of attempts(route)) {
        // a browser of its own: a sign-out route still signs out
        const browser = await stack.api.signedIn(a.projectId, a.apiKey);
        const problem = judge(attempt, await send(attempt, browser));
        if (problem) problems.push(problem);
        tally[attempt.expect]++;
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(await projectFingerprint(db, b.projectId, ['webhooks_rejected']), before, 'nothing of B changed');
    assert.equal(await rejected() - rejectedBefore, tally.signature, 'B\'s endpoint counted the forged deliveries it refused');
    assert.ok(tally['not-found'] >= 12, JSON.stringify(tally));
    console.log(`      ${routes.length} routes, ${Object.values(tally).reduce((x, y) => x + y)} attempts: ${JSON.stringify(tally)}`);
  });

  it('keeps tokens, keys and webhook secrets encrypted at rest: no column of any table holds one in clear', async () => {
    const { db } = stack.env;
    assert.deepEqual(await findText(db, secrets), []);
    const stored = await db('stripe_connections').where({ project_id: b.projectId }).select('credentials', 'webhook_secret', 'mode');
    assert.ok(stored.every((c: { credentials: unknown }) => c.credentials), 'the credentials are stored (encrypted)');
    assert.ok(stored.some((c: { webhook_secret: string | null }) => c.webhook_secret), 'the endpoint secret is stored (encrypted)');
    console.log(`      ${Object.keys(secrets).length} secrets searched in every column of every table: none in clear`);
  });

  it('stores API keys hashed, with only their last four characters in clear', async () => {
    const keys = await stack.env.db('api_keys').where({ project_id: a.projectId }).select('key_hash', 'last4');
    assert.deepEqual(keys, [{ key_hash: hashApiKey(a.apiKey), last4: a.apiKey.slice(-4) }]);
  });

  it('writes no secret to the API\'s or the worker\'s logs', async () => {
    const logs = await stack.logs.text();
    assert.match(logs, /stripe webhook received/, 'the API\'s log was captured');
    assert.match(logs, /"name":"worker"/, 'the worker\'s log was captured');
    const leaked = Object.entries(secrets).filter(([, secret]) => logs.includes(secret)).map(([label]) => label);
    assert.deepEqual(leaked, []);
    console.log(`      ${logs.split('\n').length} log lines (API and worker, debug level): no secret`);
  });

  describe('behind https (APP_URL https://engage.example, TLS ending at the proxy)', () => {
    let https: ApiHarness;
    before(async () => {
      https = await startApiHarness({ db: stack.env.db, config: Object.freeze({ ...stack.env.config, appUrl: 'https://engage.example' }) });
    });
    after(() => https?.close());

    const signIn = async (apiKey: string, address: string, project = a) => {
      const browser = https.client();
      const login = await browser.get(`/projects/${project.projectId}/login`);
      return browser.post(`/projects/${project.projectId}/login`, { form: { apiKey, _csrf: csrfFrom(login.text) }, headers: { 'x-forwarded-for': address } });
    };
    const sessionCookie = (res: TestResponse) => res.headers.getSetCookie().find((c) => c.startsWith('se_session='))!;

    it('sets the session cookie HttpOnly, SameSite=Lax and Secure, though the proxy sent no X-Forwarded-Proto', async () => {
      const res = await signIn(a.apiKey, '198.51.100.1');
      assert.equal(res.status, 303);
      for (const attribute of [/; secure/i, /; httponly/i, /; samesite=lax/i]) assert.match(sessionCookie(res), attribute);
      const local = await stack.api.client().get(`/projects/${a.projectId}/login`);
      assert.doesNotMatch(sessionCookie(local), /; secure/i, 'an http APP_URL (the local demo) sets no Secure cookie its browser would drop');
    });

    it('limits sign-in attempts per address: a clear 429 page and JSON, even for the right key, other addresses unaffected', async () => {
      const { limit } = SIGN_IN_LIMITS.perAddress;
      for (let i = 0; i < limit; i++) assert.equal((await signIn(`sek_wrong${i}`, '203.0.113.7')).status, 401);
      const refused = await signIn(a.apiKey, '203.0.113.7');
      assert.equal(refused.status, 429);
      assert.match(refused.text, /Too many sign-in attempts/);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal(sessionCookie(refused), undefined, 'nobody was signed in');
      const browser = https.client();
      const token = csrfFrom((await browser.get(`/projects/${a.projectId}/login`)).text);
      const json = await browser.post(`/projects/${a.projectId}/login`, { form: { apiKey: a.apiKey, _csrf: token }, headers: { accept: 'application/json', 'x-forwarded-for': '203.0.113.7' } });
      assert.equal(json.status, 429);
      assert.equal(json.body.error.code, 'rate_limited');
      assert.equal((await signIn(a.apiKey, '198.18.0.1, 203.0.113.7')).status, 429, 'an address of the client\'s own in front of the proxy\'s changes nothing');
      assert.equal((await signIn(a.apiKey, '203.0.113.8')).status, 303, 'another address signs in');
    });

    it('limits sign-in attempts per project, from all addresses together', async () => {
      for (let i = 0; i < SIGN_IN_LIMITS.perProject.limit; i++) assert.equal((await signIn(`sek_wrong${i}`, `192.0.2.${i + 1}`, b)).status, 401);
      assert.equal((await signIn(b.apiKey, '192.0.2.250', b)).status, 429, 'a fresh address is refused for this project');
      assert.equal((await signIn(a.apiKey, '192.0.2.251')).status, 303, 'another project is not');
    });
  });
});
