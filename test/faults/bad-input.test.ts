import assert from 'node:assert/strict';
import { createApp } from '../../src/api/app';
import { escapeHtml } from '../../src/api/views/html';
import { createAutomationSettingStore } from '../../src/db/automation-setting-store';
import { automationCatalog, defaultParams } from '../../src/domain/automation';
import { createEncryptor } from '../../src/security/encryption';
import { AUTOMATIONS } from '../../src/workflows/automations';
import { deadEvent } from '../support/api/dead-event';
import type { TestClient, TestResponse } from '../support/api/http-client';
import { waitFor } from '../support/wait';
import { appRoutes, fillPath, routeName, type AppRoute } from './support/app-routes';
import { connectWithApiKey, untilActive, type TestProject } from './support/connect';
import { fingerprint, tableNames } from './support/database';
import { useFaultStack } from './support/fault-stack';
import { HOSTILE_STRINGS, LEAK, parserAttacks, schemaAttacks, withTextIn, type HostileBody } from './support/hostile-input';
import { faultScale } from './support/scale';
import { VALID_BODIES } from './support/valid-bodies';

const STRIPE_NAME = '<script>alert("stripe name")</script>';
const BUSINESS_NAME = '<img src=x onerror=alert("business")>';
const CHARGE_DESCRIPTION = '<svg onload=alert("charge")>';
const TRAIT = '<script>alert("trait")</script>';
/** what must never reach a page or an email unescaped */
const MARKUP = [STRIPE_NAME, BUSINESS_NAME, CHARGE_DESCRIPTION, TRAIT, HOSTILE_STRINGS.html];
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
const JSON_LIMITS = { json: 256 * 1024, form: 64 * 1024 };

/**
 * Hostile input to every route the app serves (read from its routers) and every form: wrong types,
 * huge, deep and malformed bodies, unknown fields, invalid UTF-8, SQL and markup in strings. Each is
 * a clear 4xx JSON error that stores nothing and leaks no stack; text is kept as text, and the pages
 * and emails show Stripe's and the customers' data escaped.
 */
describe('hostile input to every route and form', function () {
  const scale = faultScale('badInput');
  this.timeout(scale.timeoutMs);
  const stack = useFaultStack({ label: 'bad-input', config: { demoMode: true, stripe: { eventsPollSeconds: 86_400 } } });
  let project: TestProject;
  let routes: AppRoute[];
  let page: { client: TestClient; csrf: string };
  const ids = { connectionId: '', apiProfileId: '', stripeProfileId: '', stripeCustomerId: '', deadEventId: 'evt_hostile_dead' };

  const paramValue = (name: string): string =>
    ({
      projectId: project.projectId, connectionId: ids.connectionId, id: ids.apiProfileId, stripeEventId: ids.deadEventId, key: 'active-stripe-subscribers',
      automationId: 'dunning',
    })[name]
    ?? 'unknown_1';
  /** an automation's `:id` is its automation id, the same in every project */
  const valueFor = (route: AppRoute) => (name: string) => (name === 'id' && route.path.startsWith('/api/v1/automations/') ? 'dunning' : paramValue(name));

  /** The route called as its caller would: the key for the JSON API, the signed-in browser (and its CSRF token) for pages. */
  function call(route: AppRoute, path: string, opts: { body?: string | Buffer; contentType?: string } = {}, browser = page): Promise<TestResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...(opts.contentType ? { 'content-type': opts.contentType } : {}) };
    // a public form (finishing a Stripe App install) is posted by a browser, with its session and CSRF token
    if (route.access === 'page' || (route.access === 'public' && route.method !== 'GET')) {
      return browser.client.request(route.method, path, { raw: opts.body, headers: { ...headers, 'x-csrf-token': browser.csrf } });
    }
    return stack.api.client().request(route.method, path, { raw: opts.body, headers, bearer: route.access === 'api' ? project.apiKey : undefined });
  }

  const problems: string[] = [];
  /** A clear error: the status wanted, `{error: {code, message, requestId}}`, no stack trace or internals. */
  function expectClearError(route: AppRoute, attack: HostileBody, res: TestResponse): void {
    const where = `${routeName(route)} with ${attack.label}`;
    if (res.status !== attack.status) problems.push(`${where}: ${res.status}, not ${attack.status}: ${res.text.slice(0, 200)}`);
    else if (typeof res.body?.error?.code !== 'string' || !res.body.error.message || !res.body.error.requestId) problems.push(`${where}: no JSON error: ${res.text.slice(0, 200)}`);
    else if (attack.field && !String(res.body.error.message).startsWith(attack.field)) problems.push(`${where}: the error does not name ${attack.field}: ${res.body.error.message}`);
    if (LEAK.test(res.text)) problems.push(`${where}: leaks internals: ${res.text.slice(0, 300)}`);
  }

  before(async function () {
    this.timeout(180_000);
    const { emulator, db } = stack.env;
    project = await stack.api.createProject('Hostile <b>Input</b>');
    const merchant = await emulator.control<{ id: string; secretKey: string }>('/_emulator/accounts', { livemode: false, businessName: BUSINESS_NAME });
    const trigger = (action: string, params: Record<string, unknown>) =>
      emulator.control<{ object: { id: string } }>(`/_emulator/accounts/${merchant.id}/trigger`, { action, ...params });
    ids.stripeCustomerId = (await trigger('customer.create', { email: 'xss.stripe@example.com', name: STRIPE_NAME, description: STRIPE_NAME })).object.id;
    await trigger('charge.succeed', { customer: ids.stripeCustomerId, amount: 4_200, description: CHARGE_DESCRIPTION });
    const dunning = catalog.find('dunning')!;
    await createAutomationSettingStore(db, createEncryptor(stack.env.config.encryptionKey!)).save(project.projectId, 'dunning', {
      enabled: true, testModeEmails: false,
      params: { ...defaultParams(dunning.params), firstSubject: 'Hello {{traits.stripe.name}}', firstBody: 'Dear {{traits.stripe.name}},\n\n{{event.description}} failed.' },
    });
    ids.connectionId = await connectWithApiKey(stack, project, merchant.secretKey);
    await untilActive(stack, project, ids.connectionId);
    const created = await stack.api.client().post('/api/v1/customers', { bearer: project.apiKey, json: { email: 'xss.api@example.com', traits: { note: TRAIT } } });
    assert.equal(created.status, 201, created.text);
    ids.apiProfileId = created.body.id;
    ids.stripeProfileId = (await stack.api.client().get('/api/v1/customers?email=xss.stripe%40example.com', { bearer: project.apiKey })).body.data[0].id;
    await deadEvent(db, ids.connectionId, ids.deadEventId);
    page = await stack.api.signedIn(project.projectId, project.apiKey);
    routes = appRoutes(createApp(stack.api.deps));
    // nothing may be moving when the suite compares the database before and after
    await waitFor(async () => Number((await db('stripe_event_inbox').where({ status: 'pending' }).count('* as n'))[0]!.n) === 0, { what: 'a quiet inbox' });
  });

  it('every route with a body has a valid body to vary (a new one needs its entry in valid-bodies.ts)', () => {
    const withBody = routes.filter((r) => r.schema?.body).map(routeName);
    assert.ok(withBody.length >= 7, withBody.join(', '));
    assert.deepEqual(withBody.filter((r) => !VALID_BODIES[r]), []);
    for (const route of routes.filter((r) => r.schema?.body)) {
      const parsed = route.schema!.body!.safeParse(VALID_BODIES[routeName(route)]);
      assert.ok(parsed.success, `${routeName(route)}: its valid body is refused: ${parsed.error?.message}`);
    }
  });

  it('refuses broken, oversized, deep, mistyped and unknown input with a clear 4xx JSON error, storing nothing', async () => {
    const before = await fingerprint(stack.env.db);
    let sent = 0;
    for (const route of routes.filter((r) => BODY_METHODS.includes(r.method) && r.access !== 'webhook')) {
      const path = fillPath(route, valueFor(route));
      const attacks = [
        ...parserAttacks(JSON_LIMITS),
        ...(route.schema?.body ? schemaAttacks(VALID_BODIES[routeName(route)]!, route.schema.body) : []),
      ];
      for (const attack of attacks) {
        expectClearError(route, attack, await call(route, path, { body: attack.body, contentType: attack.contentType }));
        sent++;
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(sent > 100, `${sent} hostile requests`);
    assert.deepEqual(await fingerprint(stack.env.db), before, 'no table changed');
    console.log(`      ${sent} hostile bodies to ${routes.filter((r) => BODY_METHODS.includes(r.method) && r.access !== 'webhook').length} routes: all refused, nothing stored`);
  });

  it('takes SQL and markup in every parameter, query and string field as text: no 5xx, no leak, every table intact', async () => {
    const tables = await tableNames(stack.env.db);
    const profiles = Number((await stack.env.db('profiles').count('* as n'))[0]!.n);
    let sent = 0;
    for (const route of routes) {
      // a browser of its own: a sign-out route with a hostile path still signs out
      const browser = route.access === 'page' ? await stack.api.signedIn(project.projectId, project.apiKey) : page;
      for (const text of Object.values(HOSTILE_STRINGS)) {
        const requests: { path: string; body?: string }[] = [
          ...route.params.map((p) => ({ path: fillPath(route, (name) => (name === p ? text : valueFor(route)(name))) })),
          ...queryKeys(route).map((key) => ({ path: `${fillPath(route, valueFor(route))}?${new URLSearchParams({ [key]: text })}` })),
          ...withTextIn(VALID_BODIES[routeName(route)] ?? {}, text).map((body) => ({ path: fillPath(route, valueFor(route)), body: JSON.stringify(body) })),
        ];
        for (const r of requests) {
          const res = await call(route, r.path, { body: r.body, contentType: r.body ? 'application/json' : undefined }, browser);
          sent++;
          if (res.status >= 500 || LEAK.test(res.text)) problems.push(`${routeName(route)} ${r.path} ${r.body ?? ''}: ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(await tableNames(stack.env.db), tables);
    assert.ok(Number((await stack.env.db('profiles').count('* as n'))[0]!.n) >= profiles);

    const probe = await stack.api.client().post('/api/v1/customers', { bearer: project.apiKey, json: { email: 'sql.probe@example.com', traits: { ...HOSTILE_STRINGS } } });
    assert.equal(probe.status, 201);
    const read = await stack.api.client().get(`/api/v1/customers/${probe.body.id}`, { bearer: project.apiKey });
    assert.equal(read.body.traits.sql, HOSTILE_STRINGS.sql, 'stored and read back verbatim');
    assert.equal(read.body.traits.html, HOSTILE_STRINGS.html);
    console.log(`      ${sent} requests with SQL or markup in a parameter, a query or a field: no 5xx`);
  });

  it('shows every user and Stripe value on the pages as text (a customer named <script> renders as text)', async () => {
    const pages = [
      `/projects/${project.projectId}/customers`,
      `/projects/${project.projectId}/customers/${ids.stripeProfileId}`,
      `/projects/${project.projectId}/customers/${ids.apiProfileId}`,
      `/projects/${project.projectId}/customers/${ids.stripeProfileId}?cursor=${encodeURIComponent(HOSTILE_STRINGS.html)}`,
      `/projects/${project.projectId}/customers?email=${encodeURIComponent(HOSTILE_STRINGS.html)}`,
      `/projects/${project.projectId}/settings/integrations`,
      `/projects/${project.projectId}/login?next=${encodeURIComponent(HOSTILE_STRINGS.html)}`,
    ];
    const shown = new Set<string>();
    for (const path of pages) {
      const res = await page.client.get(path);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      for (const markup of MARKUP) {
        assert.ok(!res.text.includes(markup), `${path} shows ${markup} unescaped`);
        if (res.text.includes(escaped(markup))) shown.add(markup);
      }
    }
    for (const markup of [STRIPE_NAME, BUSINESS_NAME, CHARGE_DESCRIPTION, TRAIT, HOSTILE_STRINGS.html]) assert.ok(shown.has(markup), `${markup} appears escaped somewhere`);
  });

  it('keeps a Stripe value in an automation\'s email as text: the template cannot inject markup', async () => {
    const { emulator, db } = stack.env;
    const [merchant] = (await stack.api.deps.connections.listByProject(project.projectId)).map((c) => c.stripeAccountId);
    await emulator.control(`/_emulator/accounts/${merchant}/trigger`, { action: 'charge.fail', customer: ids.stripeCustomerId, description: CHARGE_DESCRIPTION });
    const email = await waitFor(() => db('email_outbox').where({ project_id: project.projectId }).first(), { what: 'the dunning email', timeoutMs: 60_000 });
    assert.equal(email.subject, `Hello ${STRIPE_NAME}`, 'the subject is plain text');
    assert.ok(email.html_body.includes(`Dear ${escaped(STRIPE_NAME)}`), email.html_body);
    assert.ok(email.html_body.includes(escaped(CHARGE_DESCRIPTION)), email.html_body);
    for (const markup of MARKUP) assert.ok(!email.html_body.includes(markup), `the email's HTML carries ${markup}`);
  });
});

const catalog = automationCatalog(AUTOMATIONS);

/** As the views and the email renderer escape text. */
const escaped = escapeHtml;

/** The query fields a route reads, from its schema (an object schema's keys). */
function queryKeys(route: AppRoute): string[] {
  const shape = (route.schema?.query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}
