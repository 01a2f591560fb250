import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

describe('stripe emulator: writes through the API emit the events Stripe would', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let price: Stripe.Price;
  let otherPrice: Stripe.Price;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator);
    const product = await account.stripe.products.create({ name: 'Pro' });
    price = await account.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
    otherPrice = await account.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 29000, recurring: { interval: 'year' } });
  });
  after(() => emulator.close());

  const eventsOf = (types: string[]) => account.stripe.events.list({ limit: 100, types }).autoPagingToArray({ limit: 1000 });
  const lastEvent = async (type: string) => (await account.stripe.events.list({ type, limit: 1 })).data[0]!;
  const subjectOf = (event: Stripe.Event) => (event.data.object as { id: string }).id;

  it('customers: created, updated (with previous attributes), deleted', async () => {
    const customer = await account.stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { tier: 'gold' } });
    assert.equal(customer.object, 'customer');
    assert.equal(subjectOf(await lastEvent('customer.created')), customer.id);

    await account.stripe.customers.update(customer.id, { name: 'Ada Lovelace', metadata: { tier: '', plan: 'pro' } });
    const updated = await lastEvent('customer.updated');
    assert.equal((updated.data.object as Stripe.Customer).name, 'Ada Lovelace');
    assert.deepEqual(updated.data.previous_attributes, { name: 'Ada', metadata: { tier: 'gold', plan: null } });
    assert.match(updated.request!.id!, /^req_/);

    const deleted = await account.stripe.customers.del(customer.id);
    assert.deepEqual(deleted, { id: customer.id, object: 'customer', deleted: true });
    assert.equal(subjectOf(await lastEvent('customer.deleted')), customer.id);
    await assert.rejects(account.stripe.customers.update(customer.id, { name: 'x' }), { statusCode: 404 });
  });

  it('subscriptions: created, plan switch and cancel_at_period_end updated, deleted on cancel', async () => {
    const customer = await account.stripe.customers.create({ email: 'sub@example.com', source: 'tok_visa' });
    const subscription = await account.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(subscription.status, 'active');
    assert.equal(subjectOf(await lastEvent('customer.subscription.created')), subscription.id);

    const item = subscription.items.data[0]!;
    const switched = await account.stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: otherPrice.id }] });
    assert.equal(switched.items.data[0]!.price.id, otherPrice.id);
    const planEvent = await lastEvent('customer.subscription.updated');
    assert.equal((planEvent.data.previous_attributes as { items: Stripe.ApiList<Stripe.SubscriptionItem> }).items.data[0]!.price.id, price.id);

    await account.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const cancelEvent = await lastEvent('customer.subscription.updated');
    assert.deepEqual(cancelEvent.data.previous_attributes, { cancel_at: null, cancel_at_period_end: false });

    const canceled = await account.stripe.subscriptions.cancel(subscription.id);
    assert.equal(canceled.status, 'canceled');
    const deletedEvent = await lastEvent('customer.subscription.deleted');
    assert.equal((deletedEvent.data.object as Stripe.Subscription).status, 'canceled');
  });

  it('a subscription with trial_period_days is trialing; without a card and trial it is incomplete', async () => {
    const customer = await account.stripe.customers.create({ email: 'trial@example.com' });
    const trialing = await account.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14 });
    assert.equal(trialing.status, 'trialing');
    assert.equal(trialing.trial_end! - trialing.trial_start!, 14 * 86_400);
    const unpaid = await account.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    assert.equal(unpaid.status, 'incomplete');
  });

  it('charges: tok_visa succeeds; tok_chargeDeclined is a 402 card_error that leaves a failed charge', async () => {
    const customer = await account.stripe.customers.create({ email: 'pay@example.com' });
    const charge = await account.stripe.charges.create({ amount: 5000, currency: 'usd', customer: customer.id, source: 'tok_visa' });
    assert.equal(charge.status, 'succeeded');
    assert.equal(subjectOf(await lastEvent('charge.succeeded')), charge.id);

    let failedId = '';
    await assert.rejects(account.stripe.charges.create({ amount: 5000, currency: 'usd', customer: customer.id, source: 'tok_chargeDeclined' }), (e: Stripe.errors.StripeError) => {
      assert.equal(e.type, 'StripeCardError');
      assert.equal(e.statusCode, 402);
      assert.equal(e.code, 'card_declined');
      assert.equal(e.decline_code, 'generic_decline');
      failedId = e.charge!;
      return true;
    });
    const failed = await account.stripe.charges.retrieve(failedId);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failure_code, 'card_declined');
    assert.equal(subjectOf(await lastEvent('charge.failed')), failedId);
    const listed = await account.stripe.charges.list({ customer: customer.id });
    assert.deepEqual(listed.data.map((c) => c.id), [failedId, charge.id]);
  });

  it('refunds: a partial refund leaves refunded false, the rest makes it true; charge.refunded both times', async () => {
    const charge = await account.stripe.charges.create({ amount: 10_000, currency: 'usd', source: 'tok_visa' });
    await account.stripe.refunds.create({ charge: charge.id, amount: 2_500 });
    let now = await account.stripe.charges.retrieve(charge.id);
    assert.equal(now.amount_refunded, 2_500);
    assert.equal(now.refunded, false);
    const partial = await lastEvent('charge.refunded');
    assert.deepEqual(partial.data.previous_attributes, { amount_refunded: 0 });

    await account.stripe.refunds.create({ charge: charge.id });
    now = await account.stripe.charges.retrieve(charge.id);
    assert.equal(now.amount_refunded, 10_000);
    assert.equal(now.refunded, true);
    const refundedEvents = (await eventsOf(['charge.refunded'])).filter((e) => subjectOf(e) === charge.id);
    assert.equal(refundedEvents.length, 2);
    await assert.rejects(account.stripe.refunds.create({ charge: charge.id }), { statusCode: 400, code: 'charge_already_refunded' });
  });

  it('a restricted key without the permission gets Stripe\'s 403; an unknown key a 401', async () => {
    const { secretKey } = await emulator.post(`/_emulator/accounts/${account.id}/keys`, { permissions: ['customer_read'] });
    const restricted = emulator.stripe(secretKey);
    await restricted.customers.list({ limit: 1 });
    await assert.rejects(restricted.charges.list(), (e: Stripe.errors.StripeError) => {
      assert.equal(e.type, 'StripePermissionError');
      assert.match(e.message, new RegExp(`does not have the required permissions for this endpoint on account '${account.id}'. Having the 'rak_charge_read' permission`));
      return true;
    });
    await restricted.accounts.retrieveCurrent();
    await assert.rejects(emulator.stripe('sk_test_unknown000000000000').customers.list(), { type: 'StripeAuthenticationError', statusCode: 401 });
  });

  it('a retried POST with the same Idempotency-Key acts once', async () => {
    const first = await account.stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'create-once' });
    const again = await account.stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'create-once' });
    assert.equal(again.id, first.id);
    await assert.rejects(account.stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'create-once' }), {
      type: 'StripeIdempotencyError',
    });
  });

  it('webhook endpoints: the secret only on create; list, update, delete', async () => {
    const endpoint = await account.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['customer.created'] });
    assert.match(endpoint.secret!, /^whsec_/);
    const fetched = await account.stripe.webhookEndpoints.retrieve(endpoint.id);
    assert.equal(fetched.secret, undefined);
    const updated = await account.stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ['*'] });
    assert.deepEqual(updated.enabled_events, ['*']);
    assert.equal((await account.stripe.webhookEndpoints.list()).data.length, 1);
    assert.deepEqual(await account.stripe.webhookEndpoints.del(endpoint.id), { id: endpoint.id, object: 'webhook_endpoint', deleted: true });
  });
});
