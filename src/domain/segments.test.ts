import assert from 'node:assert/strict';
import { monthsBefore, rulePredicate, NEW_STRIPE_CUSTOMERS, ACTIVE_STRIPE_SUBSCRIBERS } from './segments';

describe('segment rules', () => {
  it('a month before is the same day of the previous month, clamped to its length', () => {
    assert.equal(monthsBefore(new Date('2026-11-25T19:00:00.000Z'), 1).toISOString(), '2026-10-25T19:00:00.000Z');
    assert.equal(monthsBefore(new Date('2026-03-31T08:30:00.000Z'), 1).toISOString(), '2026-02-28T08:30:00.000Z');
    assert.equal(monthsBefore(new Date('2028-03-31T00:00:00.000Z'), 1).toISOString(), '2028-02-29T00:00:00.000Z');
    assert.equal(monthsBefore(new Date('2026-01-15T00:00:00.000Z'), 1).toISOString(), '2025-12-15T00:00:00.000Z');
  });

  it('"new Stripe customers" means created at or after one month ago, as an ISO string', () => {
    assert.deepEqual(rulePredicate(NEW_STRIPE_CUSTOMERS.rule, new Date('2026-11-25T19:00:00.000Z')), {
      op: 'at_least', trait: 'stripe.created_at', value: '2026-10-25T19:00:00.000Z',
    });
  });

  it('"active Stripe subscribers" means stripe.active_subscription is true', () => {
    assert.deepEqual(rulePredicate(ACTIVE_STRIPE_SUBSCRIBERS.rule, new Date()), { op: 'equals', trait: 'stripe.active_subscription', value: true });
  });
});
