import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startInboxSweeper } from '../../src/api/live/inbox-sweeper';
import { createOrchestrator } from '../../src/temporal/orchestrator';
import { startApiHarness, type ApiHarness } from '../support/api/api-harness';
import { onCleanup } from '../support/cleanup';
import { waitFor } from '../support/wait';
import { spawnWorkerProcess } from '../support/worker';
import { connect, createSeededAccount, startSyncEnv, workerEnv, type SyncEnv } from '../sync/sync-harness';

const SECRET = 'whsec_restarttest';

/** Webhooks keep being answered while Temporal is down; every one is processed once it is back. */
describe('live events while Temporal is down (private stack)', () => {
  let env: SyncEnv;
  let api: ApiHarness;
  before(async () => {
    env = await startSyncEnv({ privateStack: true });
    api = await startApiHarness({ db: env.db, config: env.config, overrides: { orchestrator: createOrchestrator(env.temporal.client, env.taskQueue) } });
    onCleanup(() => api.close());
    spawnWorkerProcess(workerEnv(env));
  });

  it('every event received meanwhile is processed after the restart, none twice', async () => {
    const account = await createSeededAccount(env, { seed: 31, customers: 5 });
    const connection = await connect(env, account, { mode: 'api_key' });
    await env.connections.setWebhookEndpoint(connection.id, { endpointId: 'we_restart', secret: SECRET });
    await api.deps.orchestrator.startSync(connection, 'initial');
    await waitFor(async () => (await env.connections.get(connection.id)).status === 'active', { what: 'the first sync', timeoutMs: 90_000 });

    const deliver = async (i: number) => {
      const raw = JSON.stringify({ id: `evt_down_${i}`, object: 'event', type: 'customer.deleted', created: Math.floor(Date.now() / 1000), livemode: false,
        data: { object: { id: `cus_down_${i}`, object: 'customer', deleted: true } } });
      return (await api.client().post(`/webhooks/stripe/${connection.id}`, {
        raw, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: SECRET }) },
      })).status;
    };
    await env.stack!.restartTemporal(async () => {
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => deliver(i)));
      assert.deepEqual([...new Set(statuses)], [200], 'answered while Temporal is down: the events are in the inbox');
    });

    const sweeper = startInboxSweeper(api.deps, 500);
    try {
      await waitFor(async () => Number((await env.db('stripe_event_inbox').where({ connection_id: connection.id, status: 'processed' })
        .where('stripe_event_id', 'like', 'evt_down_%').count('* as n'))[0]!.n) === 30, { what: 'all 30 events processed', timeoutMs: 120_000 });
    } finally {
      sweeper.stop();
    }
    const rows = await env.db('stripe_event_inbox').where({ connection_id: connection.id }).where('stripe_event_id', 'like', 'evt_down_%');
    assert.equal(rows.length, 30, 'each event stored once');
    assert.ok(rows.every((r: { attempts: number }) => r.attempts === 0), 'none failed or was applied twice');
  });
});
