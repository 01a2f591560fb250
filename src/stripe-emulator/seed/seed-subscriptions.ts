import { addInterval, periodContaining } from '../billing/periods';
import { DAY } from '../clock';
import { newId } from '../ids';
import { INCOMPLETE_EXPIRY, TRIAL_WILL_END_NOTICE } from '../operations/subscriptions';
import type { PriceRecord } from '../records/catalog';
import type { CustomerRecord } from '../records/customer';
import { SUBSCRIPTION_STATUSES, type SubscriptionRecord, type SubscriptionStatus } from '../records/subscription';
import { NO_METADATA, timeBetween, type SeedContext } from './context';
import type { SeededCatalog } from './seed-catalog';
import type { SeededCustomers } from './seed-customers';

const STATUS_WEIGHTS: Record<SubscriptionStatus, number> = {
  active: 45,
  trialing: 8,
  past_due: 7,
  unpaid: 4,
  canceled: 22,
  incomplete: 3,
  incomplete_expired: 4,
  paused: 3,
};

type Timeline = Pick<
  SubscriptionRecord,
  'created' | 'periodStart' | 'periodEnd' | 'billingCycleAnchor' | 'trialStart' | 'trialEnd' | 'canceledAt' | 'endedAt'
>;

/** When things happened for a subscription of `status`, consistent with its customer and now. */
function timeline(ctx: SeedContext, status: SubscriptionStatus, customer: CustomerRecord, price: PriceRecord, endedBy?: number): Timeline {
  const { rng, now } = ctx;
  const { interval, intervalCount } = price.recurring!;
  const next = (from: number) => addInterval(from, interval, intervalCount);
  const none = { trialStart: null, trialEnd: null, canceledAt: null, endedAt: null };
  if (status === 'trialing') {
    const trialEnd = now + rng.int(1, 20) * DAY - rng.int(0, DAY);
    const created = Math.max(customer.created, trialEnd - 30 * DAY);
    return { ...none, created, periodStart: created, periodEnd: trialEnd, billingCycleAnchor: trialEnd, trialStart: created, trialEnd };
  }
  if (status === 'incomplete') {
    const created = Math.max(customer.created, now - rng.int(1, 20) * 3600);
    return { ...none, created, periodStart: created, periodEnd: next(created), billingCycleAnchor: created };
  }
  const created = timeBetween(ctx, customer.created, Math.max(customer.created, (endedBy ?? ctx.anchor) - DAY));
  if (status === 'incomplete_expired') {
    const endedAt = created + INCOMPLETE_EXPIRY;
    return { ...none, created, periodStart: created, periodEnd: next(created), billingCycleAnchor: created, endedAt };
  }
  // Paused subscriptions are trials that ended without a payment method; others had a trial now and then.
  const trialEnd = status === 'paused' || rng.chance(0.2) ? Math.min(created + 14 * DAY, now - DAY) : null;
  const cycleAnchor = trialEnd ?? created;
  const endedAt = status === 'canceled' ? timeBetween(ctx, cycleAnchor, endedBy ?? now, false) : null;
  const [periodStart, periodEnd] = periodContaining(cycleAnchor, endedAt ?? now, interval, intervalCount);
  return {
    created,
    periodStart,
    periodEnd,
    billingCycleAnchor: cycleAnchor,
    trialStart: trialEnd === null ? null : created,
    trialEnd,
    canceledAt: endedAt,
    endedAt,
  };
}

function seededSubscription(ctx: SeedContext, customer: CustomerRecord, status: SubscriptionStatus, catalog: SeededCatalog, endedBy?: number): SubscriptionRecord {
  const { rng } = ctx;
  const monthly = catalog.mainPrices.filter((p) => p.recurring!.interval === 'month');
  const price = rng.chance(0.7) && monthly.length > 0 ? rng.pick(monthly) : rng.pick(catalog.mainPrices);
  const times = timeline(ctx, status, customer, price, endedBy);
  const items = [{ id: newId('si'), price: price.id, quantity: rng.chance(0.1) ? rng.int(2, 20) : 1, created: times.created }];
  if (catalog.addOnPrices.length > 0 && rng.chance(0.15)) {
    items.push({ id: newId('si'), price: rng.pick(catalog.addOnPrices).id, quantity: rng.int(1, 10), created: times.created });
  }
  const cancelAtPeriodEnd = status === 'active' && rng.chance(0.08);
  const upcomingAt = times.periodEnd - ctx.state.settings.invoiceUpcomingDays * DAY;
  return {
    id: newId('sub'),
    created: times.created,
    seq: ctx.state.nextSeq(),
    periodStart: times.periodStart,
    periodEnd: times.periodEnd,
    billingCycleAnchor: times.billingCycleAnchor,
    trialStart: times.trialStart,
    trialEnd: times.trialEnd,
    canceledAt: times.canceledAt,
    endedAt: times.endedAt,
    customer: customer.id,
    status,
    items,
    currency: price.currency,
    startDate: times.created,
    cancelAtPeriodEnd,
    cancelAt: cancelAtPeriodEnd ? times.periodEnd : null,
    cancellationReason: status === 'canceled' ? (endedBy === undefined && rng.chance(0.4) ? 'payment_failed' : 'cancellation_requested') : null,
    collectionMethod: rng.chance(0.9) ? 'charge_automatically' : 'send_invoice',
    description: null,
    metadata: rng.chance(0.3) ? { seats: String(items[0]!.quantity), source: rng.pick(['web', 'sales', 'import']) } : NO_METADATA,
    missingPaymentMethod: status === 'paused' ? 'pause' : 'create_invoice',
    // History is not replayed: notices that fell due before now count as sent.
    trialWillEndSent: times.trialEnd === null || times.trialEnd - TRIAL_WILL_END_NOTICE <= ctx.now,
    upcomingInvoiceSentFor: upcomingAt <= ctx.now ? times.periodEnd : null,
  };
}

/**
 * Subscriptions in every status, a Poisson-distributed number per customer (the first eight
 * cover each status once). A deleted customer's subscriptions ended when it was deleted.
 */
export function seedSubscriptions(ctx: SeedContext, seeded: SeededCustomers, catalog: SeededCatalog, perCustomer: number): SubscriptionRecord[] {
  const out: SubscriptionRecord[] = [];
  let planted = 0;
  for (const customer of seeded.customers) {
    const count = ctx.rng.poisson(perCustomer);
    const deletedAt = seeded.deletedAt.get(customer.id);
    for (let i = 0; i < count; i++) {
      const status = deletedAt !== undefined ? 'canceled' : (SUBSCRIPTION_STATUSES[planted++] ?? ctx.rng.weighted(STATUS_WEIGHTS));
      out.push(seededSubscription(ctx, customer, status, catalog, deletedAt));
    }
  }
  return out;
}
