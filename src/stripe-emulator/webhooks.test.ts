import assert from 'node:assert/strict';
import Stripe from 'stripe';
import {
  createAccount,
  startTestEmulator,
  startWebhookReceiver,
  type TestAccount,
  type TestEmulator,
  type WebhookReceiver,
} from './test-helpers';
import { waitFor } from '../../test/support/wait';

describe('stripe emulator: signed webhooks, delivered at least once', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  const receivers: WebhookReceiver[] = [];

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator);
  });
  beforeEach(() => emulator.post('/_emulator/webhooks/config', { retryBaseMs: 50, maxAttempts: 4, duplicate: 0, paused: false, reorder: false }));
  afterEach(async () => {
    for (const endpoint of (await account.stripe.webhookEndpoints.list()).data) await account.stripe.webhookEndpoints.del(endpoint.id);
  });
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await emulator.close();
  });

  async function endpointFor(status?: () => number): Promise<{ receiver: WebhookReceiver; secret: string; id: string }> {
    const receiver = await startWebhookReceiver(status);
    receivers.push(receiver);
    const endpoint = await account.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    return { receiver, secret: endpoint.secret!, id: endpoint.id };
  }
  const createCustomer = async () =>
    (await emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action: 'customer.create' })) as { object: Stripe.Customer; events: string[] };
  const deliveries = async (event: string) => (await emulator.get(`/_emulator/webhooks/deliveries?event=${event}`)).data;

  it('signs like Stripe: constructEvent accepts the body and rejects a tampered one', async () => {
    const { receiver, secret } = await endpointFor();
    const { events } = await createCustomer();
    const delivery = await waitFor(() => receiver.received.find((r) => r.event.id === events[0]), { what: 'the delivery' });
    const event = Stripe.webhooks.constructEvent(delivery.body, delivery.signature, secret);
    assert.equal(event.type, 'customer.created');
    assert.match(delivery.signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.throws(() => Stripe.webhooks.constructEvent(delivery.body.replace('customer', 'kustomer'), delivery.signature, secret), {
      type: 'StripeSignatureVerificationError',
    });
  });

  it('retries a failing receiver with backoff until it answers 2xx', async () => {
    let calls = 0;
    const { receiver } = await endpointFor(() => (++calls <= 2 ? 500 : 200));
    const { events } = await createCustomer();
    await waitFor(() => receiver.received.filter((r) => r.event.id === events[0]).length === 3, { what: 'three attempts' });
    const [delivery] = await waitFor(async () => {
      const found = await deliveries(events[0]!);
      return found[0]?.state === 'succeeded' && found;
    }, { what: 'a settled delivery' });
    assert.equal(delivery.attempts, 3);
    assert.equal(delivery.lastStatus, 200);
  });

  it('gives up after maxAttempts; the event then counts as undelivered', async () => {
    const { receiver } = await endpointFor(() => 503);
    const { events } = await createCustomer();
    await waitFor(async () => (await deliveries(events[0]!))[0]?.state === 'failed', { what: 'a failed delivery' });
    assert.equal(receiver.received.length, 4);
    const undelivered = await account.stripe.events.list({ delivery_success: false, limit: 100 });
    assert.ok(undelivered.data.some((e) => e.id === events[0]));
  });

  it('duplicates deliveries on demand (same event id twice)', async () => {
    await emulator.post('/_emulator/webhooks/config', { duplicate: 1 });
    const { receiver } = await endpointFor();
    const { events } = await createCustomer();
    await waitFor(() => receiver.received.filter((r) => r.event.id === events[0]).length === 2, { what: 'two copies' });
  });

  it('shuffles deliveries on demand', async () => {
    await emulator.post('/_emulator/webhooks/config', { reorder: true });
    const { receiver } = await endpointFor();
    const emitted: string[] = [];
    for (let i = 0; i < 8; i++) emitted.push(...(await createCustomer()).events);
    await waitFor(() => receiver.received.length === emitted.length, { what: 'every delivery' });
    assert.deepEqual(receiver.received.map((r) => r.event.id).sort(), [...emitted].sort());
    // Eight deliveries each delayed by a random 0–250 ms arrive in emission order once in ~40,000 runs.
    assert.notDeepEqual(receiver.received.map((r) => r.event.id), emitted);
  });

  it('holds deliveries while paused and sends them when unpaused', async () => {
    await emulator.post('/_emulator/webhooks/config', { paused: true });
    const { receiver } = await endpointFor();
    const { events } = await createCustomer();
    const [held] = await deliveries(events[0]!);
    assert.equal(held.state, 'pending');
    assert.equal(held.attempts, 0);
    await emulator.post('/_emulator/webhooks/config', { paused: false });
    await waitFor(() => receiver.received.some((r) => r.event.id === events[0]), { what: 'the released delivery' });
  });

  it('delivers only the enabled event types', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    await account.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['charge.succeeded'] });
    await createCustomer();
    const { events } = await emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action: 'charge.succeed' });
    await waitFor(() => receiver.received.some((r) => r.event.id === events[0]), { what: 'the charge event' });
    assert.deepEqual(receiver.received.map((r) => r.event.type), ['charge.succeeded']);
  });
});
