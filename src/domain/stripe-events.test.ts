import assert from 'node:assert/strict';
import {
  eventCustomerId, isFinalState, isUsedEventType, profileEventOf, profileEventProperties, type StripeEventEnvelope,
} from './stripe-events';

const price = (id: string, amount: number) => ({ id, nickname: `${id} plan`, unit_amount: amount, currency: 'eur', product: `prod_${id}`, recurring: { interval: 'year' } });
const subscription = (over: Record<string, unknown> = {}) => ({
  object: 'subscription', id: 'sub_1', status: 'active', customer: 'cus_1', currency: 'eur', trial_end: null, cancel_at_period_end: false,
  items: { data: [{ price: price('price_b', 5_000), quantity: 2 }] }, ...over,
});
const event = (type: string, object: Record<string, unknown>, previous?: Record<string, unknown>): StripeEventEnvelope =>
  ({ id: 'evt_1', type, created: 1_700_000_000, livemode: false, data: { object, ...(previous ? { previous_attributes: previous } : {}) } });

describe('Stripe events and the profile events they record', () => {
  it('names the eight profile events exactly', () => {
    assert.deepEqual(
      ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted', 'customer.subscription.trial_will_end',
        'charge.succeeded', 'charge.failed', 'charge.refunded', 'invoice.upcoming'].map(profileEventOf),
      ['Stripe Subscription Created', 'Stripe Subscription Updated', 'Stripe Subscription Deleted', 'Stripe Subscription Trial Will End',
        'Stripe Charge Succeeded', 'Stripe Charge Failed', 'Stripe Charge Refunded', 'Stripe Invoice Upcoming'],
    );
    assert.equal(profileEventOf('customer.updated'), undefined, 'customer changes keep profiles current without an entry');
    assert.ok(isUsedEventType('customer.deleted') && !isUsedEventType('payout.paid'));
  });

  it('a plan switch says what changed, with the prices as ids', () => {
    const props = profileEventProperties(event('customer.subscription.updated', subscription(), {
      items: { data: [{ price: price('price_a', 2_000) }] }, status: 'trialing',
    }));
    assert.deepEqual(props.changes, { price: { from: 'price_a', to: 'price_b' }, status: { from: 'trialing', to: 'active' } });
    assert.equal(props.amount, 10_000, 'unit amount × quantity');
    assert.deepEqual([props.interval, props.currency, props.nickname], ['year', 'eur', 'price_b plan']);
    assert.deepEqual(props.priceIds, ['price_b']);
    assert.deepEqual(props.productIds, ['prod_price_b']);
  });

  it('an upcoming invoice names its subscription from the basil-era parent field', () => {
    const props = profileEventProperties(event('invoice.upcoming', {
      object: 'invoice', customer: 'cus_1', amount_due: 990, currency: 'usd', next_payment_attempt: 1_700_600_000, period_start: 1, period_end: 2,
      parent: { subscription_details: { subscription: 'sub_9' } },
    }));
    assert.deepEqual(props, { amountDue: 990, currency: 'usd', nextPaymentAttempt: 1_700_600_000, periodStart: 1, periodEnd: 2, subscriptionId: 'sub_9' });
  });

  it('final states are a deleted customer and an ended subscription', () => {
    assert.ok(isFinalState(event('customer.deleted', { object: 'customer', id: 'cus_1', deleted: true })));
    assert.ok(isFinalState(event('customer.subscription.deleted', subscription({ status: 'canceled' }))));
    assert.ok(!isFinalState(event('customer.subscription.updated', subscription())));
    assert.ok(!isFinalState(event('charge.refunded', { object: 'charge', id: 'ch_1', customer: 'cus_1' })));
  });

  it('finds the customer of any event', () => {
    assert.equal(eventCustomerId(event('customer.updated', { object: 'customer', id: 'cus_7' })), 'cus_7');
    assert.equal(eventCustomerId(event('charge.failed', { object: 'charge', id: 'ch_1', customer: { id: 'cus_8' } })), 'cus_8');
    assert.equal(eventCustomerId(event('charge.succeeded', { object: 'charge', id: 'ch_2', customer: null })), null);
  });
});
