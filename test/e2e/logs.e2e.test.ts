import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { createConnectionStore } from '../../src/db/connection-store';
import { createDb } from '../../src/db/knex';
import { freePort } from '../../src/infra/free-port';
import type { LocalSecrets } from '../../src/bin/local/secrets';
import { createEncryptor } from '../../src/security/encryption';
import { csrfFrom, TestClient } from '../support/api/http-client';
import { startLocal } from '../support/local-process';
import { metricValue, scrape } from '../support/prometheus';
import { tempDir, waitFor } from '../support/services';

interface LogLine { msg: string; [field: string]: unknown }
interface ConnectionView { id: string; mode: string; status: string; webhooks: { received: number } }

/** Secrets look like these; a log line may name their kind (`sk_test_[redacted]`), never their value. */
const SECRET_SHAPES = [/\b(sk|rk)_(test|live)_[A-Za-z0-9]{8,}/, /\bwhsec_[A-Za-z0-9]{8,}/, /\bsek_[A-Za-z0-9]{8,}/, /\b(ac|rt)_[A-Za-z0-9]{12,}/];

/**
 * A full run of the product as `npm start` runs it, logging at debug: connect with Stripe (OAuth)
 * and with a key, both syncs, webhooks (and a forged one). Every line names the request, project,
 * connection and workflow it belongs to, and no secret the run used appears in any log.
 */
describe('the logs of a full run', function () {
  this.timeout(300_000);
  it('carry the ids they apply to, and never a token, key or webhook secret', async () => {
    const dataDir = tempDir('logs');
    const [port, uiPort, metricsPort, temporalMetricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const running = startLocal({
      DATA_DIR: dataDir, PORT: String(port), APP_URL: `http://localhost:${port}`, TEMPORAL_UI_PORT: String(uiPort), LOG_LEVEL: 'debug',
      METRICS_PORT: String(metricsPort), TEMPORAL_METRICS_PORT: String(temporalMetricsPort),
    });
    await waitFor(() => running.output().includes('is ready') || running.child.exitCode !== null, { timeoutMs: 180_000, what: 'ready' });
    assert.match(running.output(), /is ready/, running.output());
    const emulator = /Stripe emulator on (\S+)/.exec(running.output())![1]!;
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as Required<LocalSecrets>;
    const { id: projectId, apiKey } = secrets.demoProject;
    const control = async <T>(route: string, body: unknown) =>
      (await (await fetch(`${emulator}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as T;

    // Sign in, and Connect with Stripe (OAuth) as a browser would.
    const browser = new TestClient(`http://127.0.0.1:${port}`, `localhost:${port}`);
    const login = await browser.get(`/projects/${projectId}/login`);
    assert.equal((await browser.post(`/projects/${projectId}/login`, { form: { apiKey, _csrf: csrfFrom(login.text) } })).status, 303);
    await control('/_emulator/oauth/mode', { mode: 'auto-approve' });
    const toStripe = await browser.get(`/projects/${projectId}/integrations/stripe/connect`);
    const approved = await fetch(toStripe.location!, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    assert.equal((await browser.get(`${callback.pathname}${callback.search}`)).status, 303);

    // And a second account with its own key, through the JSON API.
    const keyed = await control<{ id: string; secretKey: string }>('/_emulator/accounts', { livemode: false, seed: { seed: 4, customers: 30 } });
    const api = new TestClient(`http://127.0.0.1:${port}`);
    assert.equal((await api.post('/api/v1/integrations/stripe/api-key', { bearer: apiKey, json: { secretKey: keyed.secretKey } })).status, 201);
    const connections = async () => (await api.get('/api/v1/integrations/stripe', { bearer: apiKey })).body.data as ConnectionView[];
    await waitFor(async () => (await connections()).every((c) => c.status === 'active') && (await connections()).length === 2, { timeoutMs: 120_000, what: 'both synced' });

    // Webhooks: real deliveries to both endpoints, and a forged one.
    for (const account of [secrets.demoAccountId, keyed.id]) {
      await control(`/_emulator/accounts/${account}/trigger`, { action: 'customer.create', email: `logs-${account}@example.com` });
    }
    const forged = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'customer.updated', created: 1, livemode: false, data: { object: {} } });
    const refused = await api.post('/webhooks/stripe', { raw: forged, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: forged, secret: 'whsec_forgedforgedforged' }) } });
    assert.equal(refused.status, 400);
    await waitFor(async () => (await connections()).every((c) => c.webhooks.received >= 1), { timeoutMs: 60_000, what: 'a webhook for each connection' });

    // One endpoint for the API and the worker of this process.
    const metrics = await scrape(/Metrics\s+(http:\S+\/metrics)/.exec(running.output())![1]!.replace(/,$/, ''));
    assert.ok(metricValue(metrics, 'stripe_webhooks_total', { outcome: 'rejected' }) >= 1, 'the API\'s');
    assert.ok(metricValue(metrics, 'stripe_sync_pages_total') >= 2, 'the worker\'s');

    // The secrets this run used, including those only the database holds.
    const view = await connections();
    const pgPort = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]!.trim();
    const db = createDb(`postgres://postgres:postgres@127.0.0.1:${pgPort}/stripe_engage`, { max: 1 });
    const store = createConnectionStore(db, createEncryptor(secrets.encryptionKey));
    const oauth = await store.credentials(view.find((c) => c.mode === 'oauth')!.id);
    const keyedId = view.find((c) => c.mode === 'api_key')!.id;
    const [endpointSecret] = await store.webhookSecrets(keyedId);
    await db.destroy();
    const used: Record<string, string | undefined> = {
      'platform secret key': secrets.emulatorPlatform.secretKey, 'Connect webhook secret': secrets.webhookSecret,
      'encryption key': secrets.encryptionKey, 'project API key': apiKey, 'account secret key': keyed.secretKey,
      'OAuth access token': oauth.accessToken, 'OAuth refresh token': oauth.refreshToken, 'managed endpoint secret': endpointSecret,
      'session cookie': browser.cookie('se_session'),
    };
    for (const [what, value] of Object.entries(used)) assert.ok(value && value.length >= 16, `the run used a ${what}`);

    running.child.kill('SIGINT');
    assert.equal(await running.exited, 0);
    const logs = fs.readdirSync(path.join(dataDir, 'logs')).map((f) => fs.readFileSync(path.join(dataDir, 'logs', f), 'utf8'));
    // The console's banner shows the demo's sign-in key to its user on purpose; nothing else may.
    const consoleOutput = running.output().split('\n').filter((l) => !/^\s*Sign-in API key\s/.test(l)).join('\n');
    const everything = [consoleOutput, ...logs].join('\n');
    for (const [what, value] of Object.entries(used)) assert.ok(!everything.includes(value!), `the ${what} is in the logs`);
    for (const shape of SECRET_SHAPES) assert.doesNotMatch(everything, shape);

    const lines = fs.readFileSync(path.join(dataDir, 'logs', 'app.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    const some = (what: string, test: (l: LogLine) => boolean) => assert.ok(lines.some(test), `no line ${what}`);
    some('for an API request with its project', (l) => l.msg === 'request' && typeof l.requestId === 'string' && l.projectId === projectId);
    some('for a webhook with its connection', (l) => l.msg === 'stripe webhook received' && !!l.requestId && l.connectionId === keyedId);
    some('from an activity with its workflow, connection and project', (l) =>
      l.msg === 'sync run succeeded' && l.workflowId === `stripe-sync:${keyedId}` && l.connectionId === keyedId && l.projectId === projectId && l.activity === 'completeSyncRun');
    const requests = lines.filter((l) => l.msg === 'request');
    assert.ok(requests.every((l) => typeof l.requestId === 'string'), 'every request line has its id');
  });
});
