import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

describe('stripe emulator: faults and rate limits on demand', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let bystander: TestAccount & { stripe: Stripe };

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator, { seed: 1, customers: 20 });
    bystander = await createAccount(emulator);
  });
  afterEach(() => fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' }));
  after(() => emulator.close());

  /** Waits for the start of a wall-clock second, so that a burst falls in one rate-limit window. */
  const startOfSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  const bystanderCall = () => bystander.stripe.customers.list({ limit: 1 });
  const get = (path: string) => fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${account.secretKey}` } });

  it('answers 429 rate_limit beyond the per-endpoint limit, with the reason header', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, rateLimits: { enabled: true, test: { global: 100, perEndpoint: 5 } } });
    await startOfSecond();
    const answers = await Promise.all(Array.from({ length: 12 }, () => get('/v1/customers?limit=1')));
    assert.equal(answers.filter((r) => r.status === 200).length, 5);
    const refused = answers.find((r) => r.status === 429)!;
    assert.equal(refused.headers.get('stripe-rate-limited-reason'), 'endpoint-rate');
    const body = (await refused.json()) as { error: { type: string; code: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'rate_limit');
    assert.match(body.error.message, /^Request rate limit exceeded/);
  });

  it('answers 429 global-rate beyond the account\'s global limit, across endpoints; the request log shows it', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, rateLimits: { enabled: true, test: { global: 6, perEndpoint: 25 } } });
    const since = Date.now();
    await startOfSecond();
    const paths = ['/v1/customers?limit=2', '/v1/charges', '/v1/subscriptions', '/v1/events'];
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => get(paths[i % paths.length]!)));
    assert.equal(answers.filter((r) => r.status === 200).length, 6);
    assert.ok(answers.filter((r) => r.status === 429).every((r) => r.headers.get('stripe-rate-limited-reason') === 'global-rate'));
    // Other accounts keep their own budget.
    await bystanderCall();

    const log = (await emulator.get(`/_emulator/requests?account=${account.id}&since=${since}`)).data as { path: string; query: string; endpoint: string; status: number }[];
    assert.equal(log.length, 12);
    assert.equal(log.filter((e) => e.status === 429).length, 6);
    assert.ok(log.some((e) => e.endpoint === 'GET /v1/charges'));
    assert.ok(log.some((e) => e.path === '/v1/customers' && e.query === 'limit=2'));
  });

  it('the SDK sees a StripeRateLimitError', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, rateLimits: { enabled: true, test: { global: 0, perEndpoint: 0 } } });
    await assert.rejects(account.stripe.customers.list(), { type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit' });
  });

  it('injects 500s, refusals, connection resets, stalls and latency', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, errorRate: 1 });
    await assert.rejects(account.stripe.customers.list(), { type: 'StripeAPIError', statusCode: 500 });
    await bystanderCall();

    await emulator.post('/_emulator/faults', { account: account.id, errorRate: 0, refuseRate: 1 });
    await assert.rejects(account.stripe.customers.list(), { type: 'StripeInvalidRequestError', statusCode: 400 });

    await emulator.post('/_emulator/faults', { account: account.id, refuseRate: 0, resetRate: 1 });
    await assert.rejects(account.stripe.customers.list(), { type: 'StripeConnectionError' });

    await emulator.post('/_emulator/faults', { account: account.id, resetRate: 0, stallRate: 1 });
    await assert.rejects(account.stripe.customers.list({}, { timeout: 300 }), (e: Error) => /timeout/.test(e.message));

    await emulator.post('/_emulator/faults', { account: account.id, stallRate: 0, latencyMs: 250 });
    const started = Date.now();
    await account.stripe.customers.list({ limit: 1 });
    assert.ok(Date.now() - started >= 240);
  });

  it('injects a share of 429s shaped like Stripe\'s, whatever the limits; the SDK sees a StripeRateLimitError', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, rateLimitRate: 1 });
    const refused = await get('/v1/customers?limit=1');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('stripe-rate-limited-reason'), 'global-rate');
    assert.ok(refused.headers.get('request-id'));
    const body = (await refused.json()) as { error: { type: string; code: string; message: string } };
    assert.deepEqual([body.error.type, body.error.code], ['invalid_request_error', 'rate_limit']);
    await assert.rejects(account.stripe.customers.list(), { type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit' });
    await bystanderCall();

    await emulator.post('/_emulator/faults', { account: account.id, rateLimitRate: 0.5 });
    const since = Date.now();
    await Promise.all(Array.from({ length: 200 }, () => get('/v1/customers?limit=1')));
    const log = (await emulator.get(`/_emulator/requests?account=${account.id}&since=${since}`)).data as { status: number }[];
    const share = log.filter((e) => e.status === 429).length / log.length;
    assert.ok(share > 0.35 && share < 0.65, `${share} of the requests refused for a share of 0.5`);
  });

  it('ends a stall after stallMs with the answer the request would have had', async () => {
    await emulator.post('/_emulator/faults', { account: account.id, stallRate: 1, stallMs: 400 });
    const started = Date.now();
    const { data } = await account.stripe.customers.list({ limit: 2 });
    assert.ok(Date.now() - started >= 390, `answered after ${Date.now() - started} ms`);
    assert.equal(data.length, 2);
  });

  it('refuses fault shares that add up to more than one', async () => {
    const res = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimitRate: 0.6, errorRate: 0.5 }),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /add up to 1 at most/);
  });
});
