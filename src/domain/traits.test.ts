import assert from 'node:assert/strict';
import { customerTraits, profileStripeTraits, replaceStripeTraits, type TraitSourceCustomer } from './traits';

const customer = (over: Partial<TraitSourceCustomer> = {}): TraitSourceCustomer => ({ id: 'cus_1', created: 1_700_000_000, ...over });

describe('stripe traits', () => {
  it('maps every field of a full customer to its flat dotted key', () => {
    const traits = customerTraits(customer({
      name: 'Ada Lovelace', email: '  Ada@Example.com ', phone: '+44 20 7946 0000', description: 'VIP',
      address: { line1: '12 St James’s Sq', line2: 'Flat 2', city: 'London', state: 'LDN', postal_code: 'SW1Y 4JH', country: 'GB' },
      metadata: { plan: 'pro', 'crm.id': '42' },
    }), true);
    assert.deepEqual(traits, {
      'stripe.customer_id': 'cus_1',
      'stripe.created_at': '2023-11-14T22:13:20.000Z',
      'stripe.name': 'Ada Lovelace',
      'stripe.email': 'Ada@Example.com',
      'stripe.phone': '+44 20 7946 0000',
      'stripe.description': 'VIP',
      'stripe.address1': '12 St James’s Sq',
      'stripe.address2': 'Flat 2',
      'stripe.state': 'LDN',
      'stripe.city': 'London',
      'stripe.postal_code': 'SW1Y 4JH',
      'stripe.country': 'GB',
      'stripe.metadata.plan': 'pro',
      'stripe.metadata.crm.id': '42',
      'stripe.active_subscription': true,
    });
  });

  it('leaves empty and cleared fields out instead of writing "null" or ""', () => {
    const traits = customerTraits(customer({ name: '', email: null, phone: '   ', description: undefined, address: { line1: null, city: 'Oslo' } }), false);
    assert.deepEqual(traits, {
      'stripe.customer_id': 'cus_1', 'stripe.created_at': '2023-11-14T22:13:20.000Z', 'stripe.city': 'Oslo',
      'stripe.active_subscription': false,
    });
    assert.ok(!Object.values(traits).includes('null'));
  });

  it('takes fields from the most recently created customer and the subscription flag from any', () => {
    const older = customer({ id: 'cus_old', created: 100, name: 'Old', metadata: { tier: 'gold' } });
    const newer = customer({ id: 'cus_new', created: 200, name: 'New' });
    const traits = profileStripeTraits([
      { customer: newer, hasActiveSubscription: false },
      { customer: older, hasActiveSubscription: true },
    ]);
    assert.equal(traits['stripe.customer_id'], 'cus_new');
    assert.equal(traits['stripe.name'], 'New');
    assert.equal(traits['stripe.metadata.tier'], undefined);
    assert.equal(traits['stripe.active_subscription'], true);
  });

  it('breaks a tie in created time by customer id, whatever the input order', () => {
    const a = { customer: customer({ id: 'cus_a', created: 5, name: 'A' }), hasActiveSubscription: false };
    const b = { customer: customer({ id: 'cus_b', created: 5, name: 'B' }), hasActiveSubscription: false };
    assert.equal(profileStripeTraits([a, b])['stripe.name'], 'B');
    assert.equal(profileStripeTraits([b, a])['stripe.name'], 'B');
  });

  it('gives a profile without linked customers no stripe traits', () => {
    assert.deepEqual(profileStripeTraits([]), {});
  });

  it('replaces every stripe.* trait and leaves the others alone', () => {
    const merged = replaceStripeTraits({ plan: 'x', 'stripe.name': 'Old', 'stripe.metadata.gone': '1' }, { 'stripe.name': 'New' });
    assert.deepEqual(merged, { plan: 'x', 'stripe.name': 'New' });
  });
});
