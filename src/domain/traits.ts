/**
 * The `stripe.*` traits of a profile, always recomputed from the Stripe customers linked to it.
 * Pure and sandbox-safe: the input is the part of a Stripe customer the traits read.
 */
import { emailIdentity } from './email';

export const STRIPE_TRAIT_PREFIX = 'stripe.';

/** Subscription statuses that make `stripe.active_subscription` true. */
export const ACTIVE_SUBSCRIPTION_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];

export const isActiveSubscriptionStatus = (status: string): boolean => ACTIVE_SUBSCRIPTION_STATUSES.includes(status);

export interface TraitSourceAddress {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

/** The fields of a Stripe customer that traits come from. */
export interface TraitSourceCustomer {
  id: string;
  /** unix seconds */
  created: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  description?: string | null;
  address?: TraitSourceAddress | null;
  metadata?: Record<string, string> | null;
}

export type StripeTraits = Record<string, string | boolean>;

/** Empty or cleared in Stripe means absent: never the string "null", never "". */
const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** The traits of one customer (`activeSubscription`: whether any linked customer has an active one). */
export function customerTraits(customer: TraitSourceCustomer, activeSubscription: boolean): StripeTraits {
  const address = customer.address ?? {};
  const fields: [string, string | null | undefined][] = [
    ['stripe.name', customer.name],
    ['stripe.email', emailIdentity(customer.email)?.email],
    ['stripe.phone', customer.phone],
    ['stripe.description', customer.description],
    ['stripe.address1', address.line1],
    ['stripe.address2', address.line2],
    ['stripe.state', address.state],
    ['stripe.city', address.city],
    ['stripe.postal_code', address.postal_code],
    ['stripe.country', address.country],
    ...Object.entries(customer.metadata ?? {}).map(([key, value]): [string, string] => [`stripe.metadata.${key}`, value]),
  ];
  const traits: StripeTraits = {
    'stripe.customer_id': customer.id,
    'stripe.created_at': new Date(customer.created * 1000).toISOString(),
  };
  for (const [key, value] of fields) if (present(value)) traits[key] = value;
  traits['stripe.active_subscription'] = activeSubscription;
  return traits;
}

/** Newest first: by `created`, then by id so that customers created in the same second order stably. */
export const compareNewestFirst = (a: TraitSourceCustomer, b: TraitSourceCustomer): number =>
  b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export interface LinkedCustomer {
  customer: TraitSourceCustomer;
  hasActiveSubscription: boolean;
}

/** The customer whose fields a profile shows: the most recently created of its linked customers. */
export function traitSource(linked: readonly LinkedCustomer[]): TraitSourceCustomer | undefined {
  return linked.map((l) => l.customer).sort(compareNewestFirst)[0];
}

/**
 * A profile's `stripe.*` traits from all its linked customers (every connection, live and test):
 * the fields come from the most recently created one, `stripe.active_subscription` from any.
 * No linked customer → no `stripe.*` trait at all.
 */
export function profileStripeTraits(linked: readonly LinkedCustomer[]): StripeTraits {
  const newest = traitSource(linked);
  if (!newest) return {};
  return customerTraits(newest, linked.some((l) => l.hasActiveSubscription));
}

export const isStripeTrait = (key: string): boolean => key.startsWith(STRIPE_TRAIT_PREFIX);

/** A profile's traits with every `stripe.*` key replaced by `stripe`; other traits are left alone. */
export function replaceStripeTraits<T>(traits: Record<string, T>, stripe: StripeTraits): Record<string, T | string | boolean> {
  const kept = Object.entries(traits).filter(([key]) => !isStripeTrait(key));
  return { ...Object.fromEntries(kept), ...stripe };
}
