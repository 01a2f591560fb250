import type Stripe from 'stripe';
import type { ChargeRecord, CustomerRecord, SubscriptionRecord } from '../db/stripe-object-store';
import { emailIdentity, firstEmailIdentity } from '../domain/email';

/** Stripe objects as the mirror stores them: the whole object plus the columns queries need. */

const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : ref.id;

export function customerRecord(customer: Stripe.Customer | Stripe.DeletedCustomer): CustomerRecord {
  if ('deleted' in customer && customer.deleted) {
    return { id: customer.id, email: null, emailKey: null, created: 0, deleted: true, data: customer };
  }
  const c = customer as Stripe.Customer;
  const identity = emailIdentity(c.email);
  return { id: c.id, email: identity?.email ?? null, emailKey: identity?.emailKey ?? null, created: c.created, deleted: false, data: c };
}

export function subscriptionRecord(subscription: Stripe.Subscription): SubscriptionRecord {
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer)!,
    status: subscription.status,
    created: subscription.created,
    data: subscription,
  };
}

/** A charge without a customer is matched to a profile by its billing email, else its receipt email. */
export function chargeRecord(charge: Stripe.Charge): ChargeRecord {
  const customerId = idOf(charge.customer);
  return {
    id: charge.id,
    customerId,
    emailKey: customerId ? null : firstEmailIdentity(charge.billing_details?.email, charge.receipt_email)?.emailKey ?? null,
    status: charge.status,
    amount: charge.amount,
    currency: charge.currency,
    created: charge.created,
    data: charge,
  };
}
