/**
 * Live Stripe events: which ones the product uses, the profile event each one records, and the
 * documented properties of that profile event. Pure: the objects are the Stripe payloads (the
 * fields read here, in the pinned API version `2026-10-28.endive`).
 */

export const PROFILE_EVENT_OF = {
  'customer.subscription.created': 'Stripe Subscription Created',
  'customer.subscription.updated': 'Stripe Subscription Updated',
  'customer.subscription.deleted': 'Stripe Subscription Deleted',
  'customer.subscription.trial_will_end': 'Stripe Subscription Trial Will End',
  'charge.succeeded': 'Stripe Charge Succeeded',
  'charge.failed': 'Stripe Charge Failed',
  'charge.refunded': 'Stripe Charge Refunded',
  'invoice.upcoming': 'Stripe Invoice Upcoming',
} as const;

export type ProfileEventStripeType = keyof typeof PROFILE_EVENT_OF;
export type StripeProfileEventName = (typeof PROFILE_EVENT_OF)[ProfileEventStripeType];

/** Events that keep profiles current without a timeline entry, or change the connection. */
export const STATE_EVENT_TYPES = ['customer.created', 'customer.updated', 'customer.deleted', 'account.application.deauthorized'] as const;

/** Every event type the product asks Stripe for (a managed endpoint's `enabled_events`). */
export const USED_EVENT_TYPES: readonly string[] = [...STATE_EVENT_TYPES, ...Object.keys(PROFILE_EVENT_OF)];

/** Stripe removed the product's access to the account (Connect OAuth or the App). */
export const DEAUTHORIZED_EVENT_TYPE = 'account.application.deauthorized';

/**
 * What a reconnect replays of the events kept while disconnected: the data ones. A deauthorization
 * kept then is news about the grant before this one, so it is never replayed.
 */
export const REPLAYED_EVENT_TYPES: readonly string[] = USED_EVENT_TYPES.filter((t) => t !== DEAUTHORIZED_EVENT_TYPE);

export const isUsedEventType = (type: string): boolean => USED_EVENT_TYPES.includes(type);

export const profileEventOf = (type: string): StripeProfileEventName | undefined =>
  (PROFILE_EVENT_OF as Record<string, StripeProfileEventName>)[type];

/** The part of a Stripe event the product stores and reads. */
export interface StripeEventEnvelope {
  id: string;
  type: string;
  /** unix seconds */
  created: number;
  livemode: boolean;
  /** the connected account, on Connect events */
  account?: string | null;
  api_version?: string | null;
  data: { object: Record<string, unknown> & { object?: string; id?: string }; previous_attributes?: Record<string, unknown> };
}

/** Object kinds whose state an event changes, each refetched unless the payload is final. */
export type StripeObjectKind = 'customer' | 'subscription' | 'charge';

/** The object an event is about, when it is one the mirror keeps. */
export function eventObject(event: StripeEventEnvelope): { kind: StripeObjectKind; id: string } | null {
  const o = event.data.object;
  const kind = o.object === 'customer' ? 'customer' : o.object === 'subscription' ? 'subscription' : o.object === 'charge' ? 'charge' : null;
  return kind && typeof o.id === 'string' ? { kind, id: o.id } : null;
}

/** States no later change leaves: the payload is used as is, and no refetch can undo it. */
export function isFinalState(event: StripeEventEnvelope): boolean {
  const o = event.data.object as { object?: string; deleted?: boolean; status?: string };
  if (event.type === 'customer.deleted' || o.deleted === true) return true;
  return o.object === 'subscription' && (o.status === 'canceled' || o.status === 'incomplete_expired');
}

type Ref = string | { id: string } | null | undefined;
const idOf = (ref: Ref): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : ref.id);

interface PriceLike {
  id: string;
  nickname?: string | null;
  unit_amount?: number | null;
  currency?: string;
  product?: Ref;
  recurring?: { interval?: string; interval_count?: number } | null;
}
interface SubscriptionLike {
  id: string;
  status: string;
  customer: Ref;
  currency?: string;
  trial_end?: number | null;
  cancel_at_period_end?: boolean;
  canceled_at?: number | null;
  items?: { data?: { price?: PriceLike; quantity?: number; current_period_end?: number }[] };
}

/** What changed on `*.updated`, from `previous_attributes`: `{field: {from, to}}`, prices as ids. */
function subscriptionChanges(sub: SubscriptionLike, previous: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, before] of Object.entries(previous)) {
    if (key === 'items') {
      const beforePrice = (before as SubscriptionLike['items'])?.data?.[0]?.price;
      const afterPrice = sub.items?.data?.[0]?.price;
      if (beforePrice?.id !== afterPrice?.id) changes.price = { from: beforePrice?.id ?? null, to: afterPrice?.id ?? null };
      continue;
    }
    changes[key] = { from: before, to: (sub as unknown as Record<string, unknown>)[key] ?? null };
  }
  return changes;
}

export function subscriptionProperties(sub: SubscriptionLike, previous?: Record<string, unknown>): Record<string, unknown> {
  const items = sub.items?.data ?? [];
  const price = items[0]?.price;
  const amount = items.reduce((sum, i) => sum + (i.price?.unit_amount ?? 0) * (i.quantity ?? 1), 0);
  return {
    id: sub.id,
    status: sub.status,
    priceIds: items.map((i) => i.price?.id).filter(Boolean),
    productIds: items.map((i) => idOf(i.price?.product)).filter(Boolean),
    nickname: price?.nickname ?? null,
    amount,
    currency: sub.currency ?? price?.currency ?? null,
    interval: price?.recurring?.interval ?? null,
    trialEnd: sub.trial_end ?? null,
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    ...(previous ? { changes: subscriptionChanges(sub, previous) } : {}),
  };
}

interface ChargeLike {
  id: string;
  amount: number;
  currency: string;
  amount_refunded?: number;
  status?: string;
  failure_code?: string | null;
  failure_message?: string | null;
  description?: string | null;
}

export const chargeProperties = (c: ChargeLike): Record<string, unknown> => ({
  id: c.id,
  amount: c.amount,
  currency: c.currency,
  amountRefunded: c.amount_refunded ?? 0,
  status: c.status ?? null,
  failureCode: c.failure_code ?? null,
  failureMessage: c.failure_message ?? null,
  description: c.description ?? null,
});

interface UpcomingInvoiceLike {
  amount_due: number;
  currency: string;
  next_payment_attempt?: number | null;
  period_start?: number;
  period_end?: number;
  parent?: { subscription_details?: { subscription?: Ref } | null } | null;
}

export const upcomingInvoiceProperties = (i: UpcomingInvoiceLike): Record<string, unknown> => ({
  amountDue: i.amount_due,
  currency: i.currency,
  nextPaymentAttempt: i.next_payment_attempt ?? null,
  periodStart: i.period_start ?? null,
  periodEnd: i.period_end ?? null,
  subscriptionId: idOf(i.parent?.subscription_details?.subscription),
});

/** The documented properties of the profile event an event records. */
export function profileEventProperties(event: StripeEventEnvelope): Record<string, unknown> {
  const o = event.data.object as unknown;
  if (event.type.startsWith('customer.subscription.')) {
    return subscriptionProperties(o as SubscriptionLike, event.type === 'customer.subscription.updated' ? event.data.previous_attributes ?? {} : undefined);
  }
  if (event.type.startsWith('charge.')) return chargeProperties(o as ChargeLike);
  if (event.type === 'invoice.upcoming') return upcomingInvoiceProperties(o as UpcomingInvoiceLike);
  return {};
}

/** The Stripe customer an event concerns, if any. */
export const eventCustomerId = (event: StripeEventEnvelope): string | null => {
  const o = event.data.object as { object?: string; id?: string; customer?: Ref };
  return o.object === 'customer' ? o.id ?? null : idOf(o.customer);
};
