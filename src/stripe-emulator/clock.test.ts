import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, startWebhookReceiver, type TestAccount, type TestEmulator } from './test-helpers';
import { waitFor } from '../../test/support/wait';

const DAY = 86_400;

describe('stripe emulator: the virtual clock drives scheduled events', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let customer: Stripe.Customer;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator);
    customer = (await emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action: 'customer.create', email: 'clock@example.com' })).object;
  });
  after(() => emulator.close());

  const now = async (): Promise<number> => (await emulator.get('/_emulator/clock')).now;
  const advance = (body: object) => emulator.post('/_emulator/clock/advance', body);
  const trigger = (action: string, params: object) => emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action, ...params });
  /** What an event is about: its object's id, or for an upcoming invoice (no id) its subscription. */
  const subjectOf = (event: Stripe.Event) => {
    const object = event.data.object as { id?: string; parent?: Stripe.Invoice.Parent | null };
    return object.id ?? object.parent?.subscription_details?.subscription;
  };
  const eventsOf = async (type: string, subject: string) =>
    (await account.stripe.events.list({ type, limit: 100 })).data.filter((e) => subjectOf(e) === subject);

  it('only moves forward', async () => {
    const before = await now();
    await assert.rejects(advance({ to: before - 10 }), /400/);
    const { now: after } = await advance({ seconds: 60 });
    assert.ok(after >= before + 60);
  });

  it('announces a trial\'s end three days ahead, then makes the subscription active', async () => {
    const { object: subscription } = await trigger('subscription.create', { customer: customer.id, trialDays: 10 });
    assert.equal(subscription.status, 'trialing');
    await advance({ to: subscription.trial_end - 3 * DAY - 60 });
    assert.equal((await eventsOf('customer.subscription.trial_will_end', subscription.id)).length, 0);
    await advance({ to: subscription.trial_end - 3 * DAY + 1 });
    const [notice] = await eventsOf('customer.subscription.trial_will_end', subscription.id);
    assert.equal(notice!.created, subscription.trial_end - 3 * DAY);

    await advance({ to: subscription.trial_end + 1 });
    const [updated] = await eventsOf('customer.subscription.updated', subscription.id);
    assert.equal((updated!.data.object as Stripe.Subscription).status, 'active');
    assert.equal((updated!.data.previous_attributes as Partial<Stripe.Subscription>).status, 'trialing');
    assert.equal(updated!.created, subscription.trial_end);
  });

  it('sends invoice.upcoming (an invoice without id) seven days before a renewal, then renews with a charge', async () => {
    const { object: subscription } = await trigger('subscription.create', { customer: customer.id });
    const periodEnd: number = subscription.items.data[0].current_period_end;
    await advance({ to: periodEnd - 7 * DAY + 1 });
    const [upcoming] = await eventsOf('invoice.upcoming', subscription.id);
    const invoice = upcoming!.data.object as Stripe.Invoice;
    assert.equal('id' in invoice, false);
    assert.equal(invoice.parent?.subscription_details?.subscription, subscription.id);
    assert.equal(invoice.amount_due, 2000);
    assert.equal(upcoming!.created, periodEnd - 7 * DAY);

    await advance({ to: periodEnd + 1 });
    const renewed = await account.stripe.subscriptions.retrieve(subscription.id);
    assert.equal(renewed.items.data[0]!.current_period_start, periodEnd);
    const charges = await account.stripe.charges.list({ customer: customer.id, created: periodEnd });
    assert.equal(charges.data.length, 1);
    assert.equal(charges.data[0]!.amount, 2000);
  });

  it('a subscription forced to trialing gets a 14-day trial, and time bills nothing before its end', async () => {
    const other = (await trigger('customer.create', { email: 'forced-trial@example.com' })).object as Stripe.Customer;
    const { object: subscription } = await trigger('subscription.create', { customer: other.id, status: 'trialing' });
    assert.equal(subscription.status, 'trialing');
    assert.equal(subscription.trial_end - subscription.trial_start, 14 * DAY);
    await advance({ seconds: 60 });
    assert.deepEqual((await account.stripe.charges.list({ customer: other.id })).data, []);
    assert.equal((await account.stripe.subscriptions.retrieve(subscription.id)).status, 'trialing');
  });

  it('the trigger ends a trial at once, announcing it first', async () => {
    const { object: subscription } = await trigger('subscription.create', { customer: customer.id, trialDays: 30 });
    const { events } = await trigger('subscription.end_trial', { subscription: subscription.id });
    const types = await Promise.all(events.map(async (id: string) => (await account.stripe.events.retrieve(id)).type));
    assert.deepEqual(types, ['customer.subscription.trial_will_end', 'customer.subscription.updated']);
  });

  it('lists and retrieves events of the last 30 days only; signatures keep real time', async () => {
    const receiver = await startWebhookReceiver();
    await account.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.updated'] });
    const { events } = await trigger('customer.update', { customer: customer.id, name: 'Old News' });
    await advance({ seconds: 31 * DAY });
    const listed = await account.stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    assert.ok(!listed.some((e) => e.id === events[0]));
    await assert.rejects(account.stripe.events.retrieve(events[0]), { statusCode: 404 });

    await trigger('customer.update', { customer: customer.id, name: 'Fresh' });
    const delivery = await waitFor(() => receiver.received.find((r) => r.event.data.object.name === 'Fresh'), { what: 'a delivery' });
    const signedAt = Number(/t=(\d+)/.exec(delivery.signature)![1]);
    assert.ok(Math.abs(signedAt - Date.now() / 1000) < 60, 'signed in real time');
    await receiver.close();
  });
});
