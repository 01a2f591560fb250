import { periodContaining } from '../billing/periods';
import { DAY } from '../clock';
import type { EmulatorCore } from '../core';
import { invalidRequest, parameterMissing } from '../errors';
import type { EventOrigin } from '../events/bus';
import { previousAttributes } from '../events/previous-attributes';
import { newId } from '../ids';
import type { PriceRecord } from '../records/catalog';
import type { CustomerRecord } from '../records/customer';
import type { SubscriptionRecord, SubscriptionStatus } from '../records/subscription';
import { renderSubscription } from '../render/subscription';
import type { AccountState } from '../store/account';

/** Stripe sends `customer.subscription.trial_will_end` this long before a trial ends. */
export const TRIAL_WILL_END_NOTICE = 3 * DAY;

export const isEnded = (s: SubscriptionRecord): boolean => s.status === 'canceled' || s.status === 'incomplete_expired';

export interface NewSubscription {
  customer: CustomerRecord;
  items: { price: PriceRecord; quantity: number }[];
  trialEnd?: number | null;
  cancelAtPeriodEnd?: boolean;
  collectionMethod?: SubscriptionRecord['collectionMethod'];
  description?: string | null;
  metadata?: Record<string, string>;
  /** Forces a status (control-API triggers); otherwise it follows trial and payment method. */
  status?: SubscriptionStatus;
}

/** The end of the billing period that starts at `from`, keeping to the cycle's anchor day. */
function nextPeriodEnd(account: AccountState, s: SubscriptionRecord, from: number): number {
  const recurring = account.priceOf(s.items[0]!.price).recurring;
  return periodContaining(s.billingCycleAnchor, from, recurring?.interval ?? 'month', recurring?.intervalCount ?? 1)[1];
}

/**
 * Creates a subscription. Without a trial it is `active` when the customer has a card and
 * `incomplete` otherwise (Stripe's default `payment_behavior` cannot pay the first invoice).
 * A trial shorter than three days announces its end at once, as Stripe does.
 */
export function createSubscription(core: EmulatorCore, account: AccountState, spec: NewSubscription, origin?: EventOrigin): SubscriptionRecord {
  const now = core.state.clock.now();
  const trialing = spec.trialEnd != null && spec.trialEnd > now;
  const status: SubscriptionStatus = spec.status ?? (trialing ? 'trialing' : spec.customer.defaultSource ? 'active' : 'incomplete');
  const record: SubscriptionRecord = {
    id: newId('sub'),
    created: now,
    seq: core.state.nextSeq(),
    customer: spec.customer.id,
    status,
    items: spec.items.map(({ price, quantity }) => ({ id: newId('si'), price: price.id, quantity, created: now })),
    currency: spec.items[0]!.price.currency,
    periodStart: now,
    periodEnd: now,
    startDate: now,
    billingCycleAnchor: now,
    trialStart: trialing ? now : null,
    trialEnd: trialing ? spec.trialEnd! : null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    canceledAt: null,
    endedAt: null,
    cancellationReason: null,
    collectionMethod: spec.collectionMethod ?? 'charge_automatically',
    description: spec.description ?? null,
    metadata: spec.metadata ?? {},
    missingPaymentMethod: 'create_invoice',
    trialWillEndSent: false,
    upcomingInvoiceSentFor: null,
  };
  record.periodEnd = trialing ? record.trialEnd! : nextPeriodEnd(account, record, now);
  record.billingCycleAnchor = trialing ? record.trialEnd! : now;
  if (spec.cancelAtPeriodEnd) setCancelAtPeriodEnd(record, true);
  account.subscriptions.add(record);
  core.events.emit(account, 'customer.subscription.created', renderSubscription(record, account), { origin });
  if (record.status === 'trialing' && record.trialEnd! - TRIAL_WILL_END_NOTICE <= now) announceTrialEnd(core, account, record, now);
  return record;
}

function setCancelAtPeriodEnd(s: SubscriptionRecord, cancel: boolean): void {
  s.cancelAtPeriodEnd = cancel;
  s.cancelAt = cancel ? s.periodEnd : null;
}

/** Changes a subscription and emits `customer.subscription.updated` with what it was. */
export function changeSubscription(
  core: EmulatorCore,
  account: AccountState,
  s: SubscriptionRecord,
  change: (s: SubscriptionRecord) => void,
  options: { origin?: EventOrigin; at?: number } = {},
): SubscriptionRecord {
  const before = renderSubscription(s, account);
  change(s);
  const after = renderSubscription(s, account);
  const previous = previousAttributes(before, after);
  if (!previous) return s;
  core.state.touch(s);
  core.events.emit(account, 'customer.subscription.updated', after, { previous, origin: options.origin, created: options.at });
  return s;
}

export interface ItemChange {
  id?: string;
  price?: PriceRecord;
  quantity?: number;
  deleted?: boolean;
}

export interface SubscriptionChanges {
  items?: ItemChange[];
  cancelAtPeriodEnd?: boolean;
  /** A new trial end, or `now` to end the trial at once. */
  trialEnd?: number | 'now';
  description?: string | null;
  metadata?: Record<string, string>;
}

/**
 * `POST /v1/subscriptions/:id`. Items are changed as on Stripe: with `id` an item is updated
 * (a new `price` switches plan) or `deleted`; without `id` an item is added.
 */
export function updateSubscription(
  core: EmulatorCore,
  account: AccountState,
  s: SubscriptionRecord,
  changes: SubscriptionChanges,
  origin?: EventOrigin,
): SubscriptionRecord {
  if (isEnded(s) && (changes.items || changes.cancelAtPeriodEnd !== undefined || changes.trialEnd !== undefined)) {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const now = core.state.clock.now();
  // Checked before anything changes: a refused item leaves the subscription untouched.
  const items = changes.items && applyItemChanges(s, changes.items, now);
  if (changes.trialEnd === 'now' && s.status === 'trialing') endTrial(core, account, s, origin);
  return changeSubscription(
    core,
    account,
    s,
    (sub) => {
      if (items) sub.items = items;
      if (changes.cancelAtPeriodEnd !== undefined) setCancelAtPeriodEnd(sub, changes.cancelAtPeriodEnd);
      if (typeof changes.trialEnd === 'number') {
        sub.trialEnd = changes.trialEnd;
        sub.trialStart ??= now;
        sub.status = 'trialing';
        sub.periodEnd = sub.billingCycleAnchor = changes.trialEnd;
      }
      if (changes.description !== undefined) sub.description = changes.description;
      if (changes.metadata) sub.metadata = changes.metadata;
    },
    { origin },
  );
}

/** The items after the changes, on copies: a change refused half-way leaves the subscription as it was. */
function applyItemChanges(s: SubscriptionRecord, changes: ItemChange[], now: number): SubscriptionRecord['items'] {
  let items = s.items.map((item) => ({ ...item }));
  changes.forEach((change, i) => {
    if (!change.id) {
      if (!change.price) throw parameterMissing(`items[${i}][price]`);
      items.push({ id: newId('si'), price: change.price.id, quantity: change.quantity ?? 1, created: now });
      return;
    }
    const item = items.find((candidate) => candidate.id === change.id);
    if (!item) throw invalidRequest(`No such subscription item: '${change.id}'`, `items[${i}][id]`, 'resource_missing');
    if (change.deleted) {
      items = items.filter((candidate) => candidate !== item);
      return;
    }
    if (change.price) item.price = change.price.id;
    if (change.quantity) item.quantity = change.quantity;
  });
  if (items.length === 0) throw invalidRequest('A subscription must have at least one active plan.', 'items');
  return items;
}

/** Cancels now: `customer.subscription.deleted` with the canceled subscription. */
export function cancelSubscription(
  core: EmulatorCore,
  account: AccountState,
  s: SubscriptionRecord,
  origin?: EventOrigin,
  at = core.state.clock.now(),
): SubscriptionRecord {
  if (isEnded(s)) throw invalidRequest(`No such subscription: '${s.id}'`, 'id', 'resource_missing', 404);
  s.status = 'canceled';
  s.canceledAt = at;
  s.endedAt = at;
  s.cancellationReason = 'cancellation_requested';
  core.state.touch(s);
  core.events.emit(account, 'customer.subscription.deleted', renderSubscription(s, account), { origin, created: at });
  return s;
}

/** `customer.subscription.trial_will_end`, once per trial. */
export function announceTrialEnd(core: EmulatorCore, account: AccountState, s: SubscriptionRecord, at: number, origin?: EventOrigin): void {
  if (s.trialWillEndSent) return;
  s.trialWillEndSent = true;
  core.state.touch(s);
  core.events.emit(account, 'customer.subscription.trial_will_end', renderSubscription(s, account), { origin, created: at });
}

/** Ends a trial (early, or when it runs out): trialing → active, and a first paid period starts. */
export function endTrial(core: EmulatorCore, account: AccountState, s: SubscriptionRecord, origin?: EventOrigin, at = core.state.clock.now()): void {
  if (s.status !== 'trialing') throw invalidRequest(`Subscription ${s.id} is not trialing.`, 'subscription');
  announceTrialEnd(core, account, s, at, origin);
  changeSubscription(
    core,
    account,
    s,
    (sub) => {
      sub.status = 'active';
      sub.trialEnd = at;
      sub.periodStart = at;
      sub.billingCycleAnchor = at;
      sub.periodEnd = nextPeriodEnd(account, sub, at);
      if (sub.cancelAtPeriodEnd) sub.cancelAt = sub.periodEnd;
    },
    { origin, at },
  );
}

/** The next billing period begins (or the subscription ends, if it was to cancel at period end). */
export function renew(core: EmulatorCore, account: AccountState, s: SubscriptionRecord, onPaid: (amount: number) => boolean): void {
  const at = s.periodEnd;
  if (s.cancelAtPeriodEnd) {
    cancelSubscription(core, account, s, undefined, at);
    return;
  }
  const amount = s.items.reduce((sum, item) => sum + account.priceOf(item.price).unitAmount * item.quantity, 0);
  const paid = s.collectionMethod === 'send_invoice' || onPaid(amount);
  changeSubscription(
    core,
    account,
    s,
    (sub) => {
      sub.periodStart = at;
      sub.periodEnd = nextPeriodEnd(account, sub, at);
      if (!paid) sub.status = 'past_due';
    },
    { at },
  );
}

/** An incomplete subscription whose first invoice stays unpaid expires after 23 hours. */
export const INCOMPLETE_EXPIRY = 23 * 3600;

export function expireIncomplete(core: EmulatorCore, account: AccountState, s: SubscriptionRecord): void {
  const at = s.created + INCOMPLETE_EXPIRY;
  changeSubscription(
    core,
    account,
    s,
    (sub) => {
      sub.status = 'incomplete_expired';
      sub.endedAt = at;
    },
    { at },
  );
}
