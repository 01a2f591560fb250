import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { fakeApiKeyProvider, grantFor } from '../../../test/support/api/fake-providers';

const GOOD = 'rk_test_good';
const GOOD_LIVE = 'rk_live_good';
const LIMITED = 'rk_test_limited';

describe('Stripe integration API', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const apiKeyProvider = fakeApiKeyProvider({
    [GOOD]: grantFor('api_key', 'acct_side', false, GOOD),
    [GOOD_LIVE]: grantFor('api_key', 'acct_side', true, GOOD_LIVE),
    [LIMITED]: new DomainError('stripe_permission_missing', 'This key is missing permissions: Charges: Read, Webhook Endpoints: Write.', {
      missing: ['charge_read', 'webhook_endpoint_write'],
    }),
  });
  const t = useApiHarness({ overrides: () => ({ apiKeyProvider, now: () => now }) });

  const connect = (secretKey: string, key = t.apiKey) => t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: key, json: { secretKey } });
  const list = (key = t.apiKey) => t.h.client().get('/api/v1/integrations/stripe', { bearer: key });

  it('lists nothing before a connection', async () => {
    const res = await list();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { data: [], nextCursor: null });
  });

  it('refuses a key that misses permissions, naming each, and stores nothing', async () => {
    const res = await connect(LIMITED);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'stripe_permission_missing');
    assert.match(res.body.error.message, /Charges: Read, Webhook Endpoints: Write/);
    assert.deepEqual(res.body.error.details.missing, ['charge_read', 'webhook_endpoint_write']);
    assert.equal((await t.db('stripe_connections').count('* as n'))[0]!.n, 0);
    assert.equal(t.h.orchestrator.calls.length, 0);
  });

  it('connects with a restricted key: stores it encrypted, adds the segments and starts the first sync', async () => {
    const res = await connect(GOOD);
    assert.equal(res.status, 201);
    assert.equal(res.body.stripeAccountId, 'acct_side');
    assert.equal(res.body.mode, 'api_key');
    assert.equal(res.body.livemode, false);
    assert.equal(res.body.status, 'syncing');
    assert.equal(res.body.syncStarted, true);
    assert.doesNotMatch(res.text, /rk_test_good/);
    const row = await t.db('stripe_connections').where({ id: res.body.id }).first();
    assert.doesNotMatch(row.credentials, /rk_test/);
    assert.deepEqual(await t.h.deps.connections.credentials(res.body.id), { secretKey: GOOD });
    assert.deepEqual(t.h.orchestrator.calls, [{ connectionId: res.body.id, kind: 'initial' }]);
    const segments = await t.db('segments').where({ project_id: t.projectId }).orderBy('key').pluck('key');
    assert.deepEqual(segments, ['active-stripe-subscribers', 'new-stripe-customers']);
  });

  it('connecting the same account again starts nothing new while its sync runs', async () => {
    const res = await connect(GOOD);
    assert.equal(res.status, 200);
    assert.equal(res.body.syncStarted, false);
    assert.equal((await t.db('stripe_connections').where({ project_id: t.projectId }).count('* as n'))[0]!.n, 1);
  });

  it('keeps live and test mode of one account side by side', async () => {
    const res = await connect(GOOD_LIVE);
    assert.equal(res.status, 201);
    const { body } = await list();
    assert.deepEqual(body.data.map((c: { stripeAccountId: string; livemode: boolean }) => [c.stripeAccountId, c.livemode]), [
      ['acct_side', false],
      ['acct_side', true],
    ]);
  });

  it('shows the latest sync with counts, totals and an ETA', async () => {
    const [conn] = (await list()).body.data;
    const run = await t.h.deps.syncRuns.start({ connectionId: conn.id, workflowId: `stripe-sync:${conn.id}`, kind: 'initial' });
    await t.db('sync_runs').where({ id: run.id }).update({ started_at: new Date(now.getTime() - 60_000) });
    await t.h.deps.syncRuns.progress(run.id, {
      phase: 'subscriptions',
      counts: { customers: 1000, subscriptions: 500, charges: 0, unmatchedCharges: 0 },
      totals: { customers: 1000, subscriptions: 1000, charges: 1500 },
    });
    const { body } = await list();
    const sync = body.data[0].sync;
    assert.equal(sync.phase, 'subscriptions');
    assert.deepEqual(sync.counts, { customers: 1000, subscriptions: 500, charges: 0, unmatchedCharges: 0 });
    assert.deepEqual(sync.totals, { customers: 1000, subscriptions: 1000, charges: 1500 });
    assert.equal(sync.startedAt, '2026-11-25T11:59:00.000Z');
    assert.equal(sync.finishedAt, null);
    assert.equal(sync.error, null);
    // 1,500 fetched in 60 s, 2,000 to go
    assert.equal(sync.etaSeconds, 80);

    await t.h.deps.syncRuns.finish(run.id, 'succeeded');
    const done = (await list()).body.data[0].sync;
    assert.equal(done.phase, 'done');
    assert.equal(done.etaSeconds, null);
    assert.ok(done.finishedAt);
  });

  it('resyncs on request, idempotently while the sync runs', async () => {
    const [conn] = (await list()).body.data;
    t.h.orchestrator.finish(conn.id);
    await t.h.deps.connections.move(conn.id, 'syncFailed', 'boom');
    const first = await t.h.client().post(`/api/v1/integrations/stripe/${conn.id}/resync`, { bearer: t.apiKey });
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { connectionId: conn.id, workflowId: `stripe-sync:${conn.id}`, started: true });
    assert.equal((await t.h.deps.connections.get(conn.id)).status, 'syncing');
    const second = await t.h.client().post(`/api/v1/integrations/stripe/${conn.id}/resync`, { bearer: t.apiKey });
    assert.equal(second.body.started, false);
    assert.deepEqual(t.h.orchestrator.calls.slice(-2).map((c) => c.kind), ['resync', 'resync']);
  });

  it('flags the connection when the sync cannot be started', async () => {
    const [conn] = (await list()).body.data;
    t.h.orchestrator.finish(conn.id);
    t.h.orchestrator.failing = true;
    try {
      const res = await t.h.client().post(`/api/v1/integrations/stripe/${conn.id}/resync`, { bearer: t.apiKey });
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'internal_error');
      assert.match(res.body.error.message, /could not be started/);
      assert.equal((await t.h.deps.connections.get(conn.id)).status, 'error');
    } finally {
      t.h.orchestrator.failing = false;
    }
  });

  it('never shows or resyncs another project\'s connections', async () => {
    const other = await t.h.createProject('Other');
    const [conn] = (await list()).body.data;
    assert.deepEqual((await list(other.apiKey)).body.data, []);
    const res = await t.h.client().post(`/api/v1/integrations/stripe/${conn.id}/resync`, { bearer: other.apiKey });
    assert.equal(res.status, 404);
  });

  it('validates its input', async () => {
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: '' } });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /^secretKey: /);
    const unknown = await connect('rk_test_unknown');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'stripe_auth_failed');
  });

  it('Disconnect asks the account workflow, keeping the data unless ?purge=true; another project\'s connection does not exist', async () => {
    const [conn] = (await list()).body.data;
    const other = await t.h.createProject('Elsewhere');
    const foreign = await t.h.client().request('DELETE', `/api/v1/integrations/stripe/${conn.id}`, { bearer: other.apiKey });
    assert.equal(foreign.status, 404);
    const bad = await t.h.client().request('DELETE', `/api/v1/integrations/stripe/${conn.id}?purge=yes`, { bearer: t.apiKey });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^purge: /);
    assert.deepEqual(t.h.orchestrator.disconnects, []);

    const kept = await t.h.client().request('DELETE', `/api/v1/integrations/stripe/${conn.id}`, { bearer: t.apiKey });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.body.id, conn.id);
    assert.deepEqual(kept.body.disconnect, { by: 'product', revokedInStripe: true, revokeNote: null, purged: null });
    await t.h.client().request('DELETE', `/api/v1/integrations/stripe/${conn.id}?purge=true`, { bearer: t.apiKey });
    assert.deepEqual(t.h.orchestrator.disconnects, [{ connectionId: conn.id, purge: false }, { connectionId: conn.id, purge: true }]);
  });

  it('a Disconnect the workflow service does not answer is a clear error', async () => {
    const [conn] = (await list()).body.data;
    t.h.orchestrator.failing = true;
    try {
      const res = await t.h.client().request('DELETE', `/api/v1/integrations/stripe/${conn.id}`, { bearer: t.apiKey });
      assert.equal(res.status, 500);
      assert.match(res.body.error.message, /could not be disconnected/);
    } finally {
      t.h.orchestrator.failing = false;
    }
  });
});
