import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { BudgetedHttpClient } from './budgeted-http-client';

type Outcome = { status: number; headers?: Record<string, string>; body?: unknown } | { error: Error & { code?: string } };

/** A transport that answers from a script and records what it was asked. */
class ScriptedClient extends Stripe.HttpClient {
  calls: string[] = [];
  constructor(private readonly script: Outcome[]) {
    super();
  }
  override getClientName() {
    return 'scripted';
  }
  override async makeRequest(_host: string, _port: string, path: string, method: string): Promise<Stripe.HttpClientResponse> {
    this.calls.push(`${method} ${path}`);
    const next = this.script.shift()!;
    if ('error' in next) throw next.error;
    const body = next.body ?? {};
    return new (class extends Stripe.HttpClientResponse {
      override toJSON() {
        return Promise.resolve(body);
      }
    })(next.status, next.headers ?? {});
  }
}

function harness(script: Outcome[], maxAttempts = 4) {
  const inner = new ScriptedClient(script);
  const charged: string[] = [];
  const waits: number[] = [];
  const client = new BudgetedHttpClient({
    inner,
    limiter: { acquire: async (endpoint) => void charged.push(endpoint) },
    retry: { maxAttempts, baseDelayMs: 100, maxDelayMs: 1_000 },
    wait: async (ms) => void waits.push(ms),
  });
  const get = (path: string) => client.makeRequest('127.0.0.1', '1', path, 'GET', {}, '', 'http', 1_000);
  return { inner, charged, waits, get, client };
}

describe('budgeted Stripe transport', () => {
  it('charges the budget for every attempt and retries 429 and 5xx with growing, jittered delays', async () => {
    const h = harness([{ status: 429 }, { status: 503 }, { status: 200, body: { ok: 1 } }]);
    const res = await h.get('/v1/customers?limit=100&starting_after=cus_9');
    assert.equal(res.getStatusCode(), 200);
    assert.deepEqual(await res.toJSON(), { ok: 1 });
    assert.deepEqual(h.charged, ['GET /v1/customers', 'GET /v1/customers', 'GET /v1/customers']);
    assert.equal(h.waits.length, 2);
    assert.ok(h.waits[0]! >= 50 && h.waits[0]! <= 100, `first backoff ${h.waits[0]}`);
    assert.ok(h.waits[1]! >= 100 && h.waits[1]! <= 200, `second backoff ${h.waits[1]}`);
  });

  it('retries network failures and gives the last failure to the SDK when attempts run out', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const h = harness([{ error: reset }, { status: 500 }, { status: 502 }], 3);
    const res = await h.get('/v1/charges');
    assert.equal(res.getStatusCode(), 502);
    assert.equal(h.inner.calls.length, 3);
  });

  it('never retries an answer: 401, 403, 404, or Stripe-Should-Retry: false', async () => {
    for (const outcome of [{ status: 401 }, { status: 403 }, { status: 404 }, { status: 500, headers: { 'stripe-should-retry': 'false' } }]) {
      const h = harness([outcome]);
      assert.equal((await h.get('/v1/customers/cus_1')).getStatusCode(), outcome.status);
      assert.deepEqual(h.charged, ['GET /v1/customers/{id}']);
    }
  });

  it('retries a 409 Stripe flags as retryable (lock timeout)', async () => {
    const h = harness([{ status: 409, headers: { 'stripe-should-retry': 'true' } }, { status: 200 }]);
    assert.equal((await h.get('/v1/subscriptions')).getStatusCode(), 200);
    assert.equal(h.charged.length, 2);
  });

  it('an object the SDK returns through it carries Stripe\'s fields only, not the response\'s status or request id', async () => {
    const h = harness([{ status: 200, headers: { 'request-id': 'req_1', 'stripe-version': '2026-10-28.endive' }, body: { id: 'cus_1', object: 'customer' } }]);
    const stripe = new Stripe('sk_test_x', { httpClient: h.client, maxNetworkRetries: 0, host: '127.0.0.1', port: 1, protocol: 'http' });
    const customer = await stripe.customers.retrieve('cus_1');
    assert.deepEqual(JSON.parse(JSON.stringify(customer)), { id: 'cus_1', object: 'customer' });
    assert.equal(customer.lastResponse.requestId, 'req_1');
  });
});
