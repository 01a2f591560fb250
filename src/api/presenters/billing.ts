import type { MirroredObject } from '../../db/customer-billing-read-model';

/** The fields of a mirrored subscription the pages read (Stripe's names; the mirror keeps the whole object). */
interface SubscriptionData {
  currency?: string;
  cancel_at_period_end?: boolean;
  trial_end?: number | null;
  ended_at?: number | null;
  /** before API version 2025-03-31 the period was the subscription's; since then each item has its own */
  current_period_end?: number;
  items?: {
    data?: {
      quantity?: number;
      current_period_end?: number;
      price?: { id: string; nickname?: string | null; unit_amount?: number | null; currency?: string; recurring?: { interval?: string; interval_count?: number } | null };
    }[];
  };
}

interface ChargeData {
  amount?: number;
  currency?: string;
  amount_refunded?: number;
  refunded?: boolean;
  description?: string | null;
  failure_code?: string | null;
  failure_message?: string | null;
}

const isoOfUnix = (seconds: number | null | undefined) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null);

/** A customer's subscription as the customer page shows it. */
export function presentSubscription(s: MirroredObject) {
  const data = s.data as SubscriptionData;
  const items = data.items?.data ?? [];
  const first = items[0]?.price;
  const periodEnds = items.map((i) => i.current_period_end).filter((t): t is number => typeof t === 'number');
  return {
    id: s.id,
    connectionId: s.connectionId,
    status: s.status,
    /** the prices' nicknames (or ids), joined */
    plan: items.map((i) => i.price?.nickname || i.price?.id).filter(Boolean).join(' + ') || null,
    priceIds: items.map((i) => i.price?.id).filter((id): id is string => Boolean(id)),
    /** per interval, in the currency's smallest unit */
    amount: items.reduce((sum, i) => sum + (i.price?.unit_amount ?? 0) * (i.quantity ?? 1), 0),
    currency: data.currency ?? first?.currency ?? null,
    interval: first?.recurring?.interval ?? null,
    intervalCount: first?.recurring?.interval_count ?? 1,
    currentPeriodEnd: isoOfUnix(periodEnds.length ? Math.min(...periodEnds) : data.current_period_end),
    cancelAtPeriodEnd: data.cancel_at_period_end ?? false,
    trialEnd: isoOfUnix(data.trial_end),
    endedAt: isoOfUnix(data.ended_at),
    createdAt: s.created.toISOString(),
  };
}

/** A customer's charge as the customer page shows it. */
export function presentCharge(c: MirroredObject) {
  const data = c.data as ChargeData;
  return {
    id: c.id,
    connectionId: c.connectionId,
    status: c.status,
    amount: data.amount ?? 0,
    currency: data.currency ?? 'usd',
    amountRefunded: data.amount_refunded ?? 0,
    refunded: data.refunded ?? false,
    description: data.description ?? null,
    failureCode: data.failure_code ?? null,
    failureMessage: data.failure_message ?? null,
    createdAt: c.created.toISOString(),
  };
}

export type SubscriptionView = ReturnType<typeof presentSubscription>;
export type ChargeView = ReturnType<typeof presentCharge>;
