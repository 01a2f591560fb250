import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { expectedProfiles } from '../sync/oracle';
import {
  busiestSecond, connect, createSeededAccount, rawObjects, requestLog, runSync, startInProcessWorker, startSyncEnv, type SyncEnv,
} from '../sync/sync-harness';

describe('sync failures: transient ones are retried, revoked access is not', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
    await startInProcessWorker(env);
  });

  async function failedSync(connectionId: string) {
    const connection = await env.connections.get(connectionId);
    const error = await runSync(env, connection).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof WorkflowFailedError, `the sync must fail, got ${String(error)}`);
    const run = await env.db('sync_runs').where({ connection_id: connectionId }).orderBy('started_at', 'desc').first();
    return { error, run, connection: await env.connections.get(connectionId) };
  }

  it('429s, 500s and dropped connections back off and retry; the sync completes exactly, every attempt within the budget', async () => {
    const account = await createSeededAccount(env, { seed: 3, customers: 1_000 });
    const budget = { global: 10, perEndpoint: 10 };
    const connection = await connect(env, account, { mode: 'api_key', rateBudget: budget });
    // Stripe's limits set below our budget for this account, plus random errors, resets and 429s
    // (the limits alone may not bite: retries' backoff can keep every second under them).
    await env.emulator.control('/_emulator/faults', {
      account: account.id, errorRate: 0.15, resetRate: 0.15, rateLimitRate: 0.1, rateLimits: { test: { global: 6, perEndpoint: 6 } },
    });
    const since = Date.now();
    const result: StripeSyncResult = await runSync(env, connection);
    await env.emulator.control('/_emulator/faults', { account: account.id, errorRate: 0, resetRate: 0, rateLimitRate: 0, rateLimits: { test: { global: 25, perEndpoint: 25 } } });

    assert.deepEqual(result.counts, expectedProfiles([await rawObjects(env, account.id)]).counts, 'exact counts despite the faults');
    const log = (await requestLog(env, account.id, since)).filter((r) => r.path.startsWith('/v1/'));
    const statuses = new Set(log.map((r) => r.status));
    for (const status of [429, 500, 0]) assert.ok(statuses.has(status), `the emulator answered ${status} at least once: ${[...statuses].join(', ')}`);
    const busiest = busiestSecond(log);
    assert.ok(busiest.global <= budget.global, `retries are charged too: busiest second ${busiest.global}`);
  });

  it('a revoked OAuth connection fails at once, without retrying, and asks for a reconnect', async () => {
    const account = await createSeededAccount(env, { seed: 4, customers: 20 });
    const connection = await connect(env, account, { mode: 'oauth' });
    const deauthorized = await fetch(`${env.emulator.url}/oauth/deauthorize`, {
      method: 'POST', headers: { authorization: `Bearer ${env.platform.secretKey}` },
      body: new URLSearchParams({ client_id: env.platform.clientId, stripe_user_id: account.id }),
    });
    assert.equal(deauthorized.status, 200);
    const since = Date.now();
    const { run, connection: after } = await failedSync(connection.id);
    assert.equal(run.status, 'failed');
    assert.equal(after.status, 'needs_reconnect');
    assert.match(after.statusMessage ?? '', /Reconnect Stripe/);
    assert.doesNotMatch(after.statusMessage ?? '', /sk_test_\w{6,}/, 'no key in the message');
    // The sync's own requests: the account workflow's catch-up read of /v1/events is refused too, and is not the sync's.
    const requests = (await requestLog(env, null, since)).filter((r) => r.path.startsWith('/v1/') && !r.path.startsWith('/v1/events'));
    assert.equal(requests.length, 1, `one refused request, no retries: ${JSON.stringify(requests)}`);
    assert.equal(requests[0]!.status, 403);
  });

  it('a restricted key without a permission it needs fails and says which one is missing', async () => {
    const account = await createSeededAccount(env, { seed: 8, customers: 20 });
    const { secretKey } = await env.emulator.control<{ secretKey: string }>(`/_emulator/accounts/${account.id}/keys`, {
      permissions: ['account_read', 'customer_read', 'subscription_read', 'event_read', 'webhook_endpoint_write'],
    });
    const connection = await connect(env, account, { mode: 'api_key', secretKey });
    const { run, connection: after } = await failedSync(connection.id);
    assert.equal(run.status, 'failed');
    assert.equal(after.status, 'needs_reconnect');
    assert.match(after.statusMessage ?? '', /charge_read/);
    assert.equal(run.phase, 'failed');
  });
});
