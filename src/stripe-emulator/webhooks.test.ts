import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useWebhookSuite } from './test-helpers';
import { waitFor } from '../../test/support/wait';

describe('stripe emulator: signed webhooks, delivered at least once', () => {
  const suite = useWebhookSuite();

  const createCustomer = () => suite.hooks.trigger('customer.create');
  const settled = (event: string, count = 1) =>
    waitFor(async () => {
      const found = await suite.hooks.deliveries(event);
      return found.length === count && found.every((d) => d.state !== 'pending') && found;
    }, { what: `${count} settled deliveries of ${event}` });

  it('signs like Stripe: constructEvent accepts the body and rejects a tampered one', async () => {
    const { receiver, secret } = await suite.hooks.endpoint();
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
    const { receiver } = await suite.hooks.endpoint({ status: () => (++calls <= 2 ? 500 : 200) });
    const { events } = await createCustomer();
    await waitFor(() => receiver.received.filter((r) => r.event.id === events[0]).length === 3, { what: 'three attempts' });
    const [delivery] = await settled(events[0]!);
    assert.equal(delivery!.state, 'succeeded');
    assert.equal(delivery!.attempts, 3);
    assert.equal(delivery!.lastStatus, 200);
  });

  it('gives up after maxAttempts; the event then counts as undelivered', async () => {
    const { receiver } = await suite.hooks.endpoint({ status: () => 503 });
    const { events } = await createCustomer();
    const [delivery] = await settled(events[0]!);
    assert.equal(delivery!.state, 'failed');
    assert.equal(receiver.received.length, 4);
    const undelivered = await suite.account.stripe.events.list({ delivery_success: false, limit: 100 });
    assert.ok(undelivered.data.some((e) => e.id === events[0]));
  });

  it('duplicates deliveries on demand (same event id twice)', async () => {
    await suite.hooks.configure({ duplicate: 1 });
    const { receiver } = await suite.hooks.endpoint();
    const { events } = await createCustomer();
    await waitFor(() => receiver.received.filter((r) => r.event.id === events[0]).length === 2, { what: 'two copies' });
    assert.deepEqual((await settled(events[0]!, 2)).map((d) => [d.copy, d.duplicate]), [[1, false], [2, true]]);
  });

  it('copies: every event arrives N times, each copy a delivery retried on its own', async () => {
    await suite.hooks.configure({ copies: 3 });
    let calls = 0;
    // Only the very first request fails: one copy needs a retry, the others do not.
    const { receiver } = await suite.hooks.endpoint({ status: () => (++calls === 1 ? 500 : 200) });
    const { events } = await createCustomer();
    const found = await settled(events[0]!, 3);
    assert.deepEqual(found.map((d) => d.copy), [1, 2, 3]);
    assert.deepEqual(found.map((d) => d.duplicate), [false, true, true]);
    assert.ok(found.every((d) => d.state === 'succeeded'));
    assert.deepEqual(found.map((d) => d.attempts).sort(), [1, 1, 2]);
    assert.equal(receiver.received.filter((r) => r.event.id === events[0]).length, 4);
    assert.equal(new Set(found.map((d) => d.id)).size, 3);
    const delivered = await suite.account.stripe.events.list({ delivery_success: true, limit: 100 });
    assert.ok(delivered.data.some((e) => e.id === events[0]), 'acknowledged copies make the event delivered');
  });

  it('copies and duplicate add up: two copies plus a duplicate are three deliveries', async () => {
    await suite.hooks.configure({ copies: 2, duplicate: 1 });
    const { receiver } = await suite.hooks.endpoint();
    const { events } = await createCustomer();
    assert.deepEqual((await settled(events[0]!, 3)).map((d) => d.copy), [1, 2, 3]);
    assert.equal(receiver.received.filter((r) => r.event.id === events[0]).length, 3);
  });

  it('shuffles deliveries on demand', async () => {
    await suite.hooks.configure({ reorder: true });
    const { receiver } = await suite.hooks.endpoint();
    const emitted: string[] = [];
    for (let i = 0; i < 8; i++) emitted.push(...(await createCustomer()).events);
    await waitFor(() => receiver.received.length === emitted.length, { what: 'every delivery' });
    assert.deepEqual(receiver.received.map((r) => r.event.id).sort(), [...emitted].sort());
    // Eight deliveries each delayed by a random 0–250 ms arrive in emission order once in ~40,000 runs.
    assert.notDeepEqual(receiver.received.map((r) => r.event.id), emitted);
  });

  it('reorder "reverse": the events of one request arrive newest first', async () => {
    const { object: customer } = await createCustomer();
    await suite.hooks.trigger('subscription.create', { customer: customer.id });
    await suite.hooks.trigger('subscription.create', { customer: customer.id });
    await suite.hooks.configure({ reorder: 'reverse' });
    const { receiver } = await suite.hooks.endpoint();
    const { events } = await suite.hooks.trigger('customer.delete', { customer: customer.id });
    assert.equal(events.length, 3);
    await waitFor(() => receiver.received.length === 3, { what: 'three deliveries' });
    assert.deepEqual(receiver.received.map((r) => r.event.id), [...events].reverse());
    assert.deepEqual(receiver.received.map((r) => r.event.type), ['customer.deleted', 'customer.subscription.deleted', 'customer.subscription.deleted']);
  });

  it('reorder "reverse" with paused: unpausing sends what queued newest first', async () => {
    await suite.hooks.configure({ reorder: 'reverse', paused: true });
    const { receiver } = await suite.hooks.endpoint();
    const emitted: string[] = [];
    for (let i = 0; i < 5; i++) emitted.push(...(await createCustomer()).events);
    await suite.hooks.configure({ paused: false });
    await waitFor(() => receiver.received.length === emitted.length, { what: 'every delivery' });
    assert.deepEqual(receiver.received.map((r) => r.event.id), [...emitted].reverse());
  });

  it('holds deliveries while paused and sends them when unpaused', async () => {
    await suite.hooks.configure({ paused: true });
    const { receiver } = await suite.hooks.endpoint();
    const { events } = await createCustomer();
    const [held] = await suite.hooks.deliveries(events[0]!);
    assert.equal(held!.state, 'pending');
    assert.equal(held!.attempts, 0);
    await suite.hooks.configure({ paused: false });
    await waitFor(() => receiver.received.some((r) => r.event.id === events[0]), { what: 'the released delivery' });
  });

  it('delivers only the enabled event types', async () => {
    const { receiver } = await suite.hooks.endpoint({ events: ['charge.succeeded'] });
    await createCustomer();
    const { events } = await suite.hooks.trigger('charge.succeed');
    await waitFor(() => receiver.received.some((r) => r.event.id === events[0]), { what: 'the charge event' });
    assert.deepEqual(receiver.received.map((r) => r.event.type), ['charge.succeeded']);
  });

  it('refuses delivery settings it cannot honour', async () => {
    for (const bad of [{ copies: 0 }, { copies: 1.5 }, { reorder: 'sideways' }, { badSignatureRate: 0.6, staleTimestampRate: 0.6 }]) {
      await assert.rejects(suite.hooks.configure(bad), /→ 400/, JSON.stringify(bad));
    }
    const config = await suite.hooks.configure({ copies: 2, reorder: 'reverse' });
    assert.deepEqual(await suite.emulator.get('/_emulator/webhooks/config'), config);
    assert.deepEqual([config.copies, config.reorder, config.badSignatureRate], [2, 'reverse', 0]);
  });
});
