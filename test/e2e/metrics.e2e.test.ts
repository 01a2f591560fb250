import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createProjectStore } from '../../src/db/project-store';
import { freePort } from '../../src/infra/free-port';
import { startMetricsServer, type MetricsServer } from '../../src/metrics/server';
import { useFullStack } from '../support/api/use-full-stack';
import { onCleanup } from '../support/cleanup';
import { metricValue, scrape, type Sample } from '../support/prometheus';
import { waitFor } from '../support/wait';
import { spawnWorkerProcess } from '../support/worker';
import { connect, createSeededAccount, runSync, startSyncEnv, workerEnv } from '../sync/sync-harness';

interface Merchant { id: string; secretKey: string }

/**
 * `/metrics` of the API and the worker in one process (as under `npm start`): one registry, one
 * endpoint, moving as a sync and a burst of webhooks run.
 */
describe('metrics of the API and the worker in one process', function () {
  this.timeout(180_000);
  const { stack, t } = useFullStack<Merchant>('metrics', { livemode: false, seed: { seed: 11, customers: 300, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 } });
  let server: MetricsServer;
  let connectionId: string;
  before(async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: stack.metrics.registry });
    onCleanup(() => server.close());
  });
  const metrics = () => scrape(server.url);
  const ofConnection = (more: Record<string, string> = {}) => ({ connection_id: connectionId, ...more });

  it('counts what the sync copied and every call it made to Stripe, per connection', async () => {
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: stack.merchant.secretKey } });
    assert.equal(res.status, 201, res.text);
    connectionId = res.body.id as string;
    const view = await waitFor(async () => {
      const [c] = (await t.h.client().get('/api/v1/integrations/stripe', { bearer: t.apiKey })).body.data;
      return c.status === 'active' && c;
    }, { what: 'the first sync', timeoutMs: 90_000 });

    const after = await metrics();
    for (const object of ['customers', 'subscriptions', 'charges']) {
      assert.equal(metricValue(after, 'stripe_sync_objects_total', ofConnection({ object })), view.sync.counts[object], `${object} synced`);
      assert.ok(metricValue(after, 'stripe_sync_pages_total', ofConnection({ object })) >= 1, `${object} pages`);
      assert.ok(metricValue(after, 'stripe_api_requests_total', ofConnection({ endpoint: `GET /v1/${object}`, status: '200' })) >= 1, `${object} list calls`);
    }
    assert.ok(metricValue(after, 'stripe_rate_budget_waits_total', ofConnection()) >= 1, 'more slices than the budget allows at once: some waited');
    assert.ok(metricValue(after, 'stripe_rate_budget_wait_seconds_total', ofConnection()) > 0);
    assert.equal(metricValue(after, 'stripe_api_rate_limited_total', ofConnection()), 0, 'within the budget, Stripe never said 429');
  });

  it('counts webhooks received, verified, rejected and ignored, and how long events took to process', async () => {
    const [secret] = await t.h.deps.connections.webhookSecrets(connectionId);
    const before = await metrics();
    const deliver = async (type: string, i: number, key = secret!) => {
      const raw = JSON.stringify({ id: `evt_metrics_${type}_${i}`, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false,
        api_version: '2026-10-28.endive', data: { object: { id: `cus_metrics_${i}`, object: 'customer', deleted: true } } });
      return t.h.client().post(`/webhooks/stripe/${connectionId}`, {
        raw, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: key }) },
      });
    };
    const burst = Array.from({ length: 200 }, (_, i) => i);
    for (let at = 0; at < burst.length; at += 25) await Promise.all(burst.slice(at, at + 25).map((i) => deliver('customer.deleted', i)));
    assert.equal((await deliver('customer.deleted', 999, 'whsec_forged')).status, 400);
    assert.equal((await deliver('payout.paid', 1)).status, 200);

    const moved = (after: Sample[], name: string, labels: Record<string, string>) => metricValue(after, name, labels) - metricValue(before, name, labels);
    const after = await waitFor(async () => {
      const now = await metrics();
      return moved(now, 'stripe_event_processing_seconds_count', { via: 'webhook' }) >= 200 && now;
    }, { what: 'the burst processed', timeoutMs: 90_000 });
    assert.equal(moved(after, 'stripe_webhooks_total', { outcome: 'received' }), 202);
    assert.equal(moved(after, 'stripe_webhooks_total', { outcome: 'verified' }), 201);
    assert.equal(moved(after, 'stripe_webhooks_total', { outcome: 'rejected' }), 1);
    assert.equal(moved(after, 'stripe_webhooks_total', { outcome: 'ignored' }), 1);
    assert.ok(metricValue(after, 'stripe_event_processing_seconds_bucket', { via: 'webhook', le: '+Inf' }) >= 200);
  });

  it('shows each inbox\'s backlog: events waiting and the age of the oldest', async () => {
    // A connection whose account workflow never runs: its events wait.
    const { project } = await createProjectStore(t.db).create('backlog');
    const { connection } = await t.h.deps.connections.upsert({
      projectId: project.id, stripeAccountId: 'acct_backlog', livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_unused' },
    });
    for (const i of [1, 2, 3]) {
      await t.h.deps.inbox.receive(connection.id, { id: `evt_wait_${i}`, object: 'event', type: 'customer.updated', created: 1, livemode: false,
        data: { object: { id: 'cus_1', object: 'customer' } } } as never, 'webhook', false);
    }
    const after = await waitFor(async () => {
      const now = await metrics();
      return metricValue(now, 'stripe_event_inbox_lag_seconds', { connection_id: connection.id }) >= 1 && now;
    }, { what: 'a second of lag', timeoutMs: 10_000 });
    assert.equal(metricValue(after, 'stripe_event_inbox_pending', { connection_id: connection.id }), 3);
    assert.equal(metricValue(after, 'stripe_event_inbox_pending', { connection_id: connectionId }), 0, 'a connection that keeps up has none');
  });

  it('has the hooks the automations count into, and answers only /metrics', async () => {
    const now = await metrics();
    assert.ok(now.some((s) => s.name === 'emails_sent_total'));
    assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);
  });
});

describe('metrics of a worker process', function () {
  this.timeout(180_000);

  it('serves /metrics on METRICS_PORT, and the Temporal SDK\'s own worker metrics on TEMPORAL_METRICS_PORT', async () => {
    const env = await startSyncEnv();
    const [port, temporalPort] = [await freePort(), await freePort()];
    const worker = spawnWorkerProcess({ ...workerEnv(env), METRICS_PORT: String(port), TEMPORAL_METRICS_PORT: String(temporalPort) });
    const account = await createSeededAccount(env, { seed: 12, customers: 50 });
    const connection = await connect(env, account, { mode: 'api_key' });
    const result = await runSync(env, connection);

    const product = await scrape(`http://127.0.0.1:${port}/metrics`);
    assert.equal(metricValue(product, 'stripe_sync_objects_total', { connection_id: connection.id, object: 'customers' }), result.counts.customers);
    assert.ok(product.some((s) => s.name === 'process_cpu_seconds_total'), 'the process\'s own');
    const sdk = await waitFor(async () => {
      const samples = await scrape(`http://127.0.0.1:${temporalPort}/metrics`).catch(() => []);
      return samples.some((s) => s.name.startsWith('temporal_') && s.labels.task_queue === env.taskQueue) && samples;
    }, { what: 'the SDK metrics of this worker', timeoutMs: 30_000 });
    assert.ok(sdk.some((s) => s.name.startsWith('temporal_activity_execution') || s.name.startsWith('temporal_workflow_completed')),
      [...new Set(sdk.map((s) => s.name))].join(', '));
    await worker.stop();
  });
});
