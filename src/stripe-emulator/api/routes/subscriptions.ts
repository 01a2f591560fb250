import { DAY } from '../../clock';
import { invalidRequest, parameterInvalid, parameterMissing } from '../../errors';
import type { FormObject, FormValue } from '../../form';
import { SUBSCRIPTION_STATUSES, type SubscriptionRecord } from '../../records/subscription';
import { KINDS } from '../../render/kinds';
import {
  cancelSubscription,
  createSubscription,
  updateSubscription,
  type ItemChange,
  type SubscriptionChanges,
} from '../../operations/subscriptions';
import type { AccountState } from '../../store/account';
import { listRoute, retrieveRoute } from '../generic-routes';
import { findRecord } from '../lookup';
import {
  allowOnly,
  applyMetadata,
  emptyableString,
  optionalBoolean,
  optionalInteger,
  optionalString,
  parseInteger,
  readExpand,
  requiredString,
} from '../params';
import { objectReply } from '../reply';
import type { ApiRoute } from '../request';

const kind = KINDS.subscription;

/** `status` of the list: a status, `all`, or `ended`; without it, canceled ones are left out. */
function statusFilter(status: string | undefined): (s: SubscriptionRecord) => boolean {
  if (status === undefined) return (s) => s.status !== 'canceled';
  if (status === 'all') return () => true;
  if (status === 'ended') return (s) => s.status === 'canceled' || s.status === 'incomplete_expired';
  if (!(SUBSCRIPTION_STATUSES as readonly string[]).includes(status)) {
    throw parameterInvalid(
      'status',
      `Invalid status: must be one of active, all, canceled, ended, incomplete, incomplete_expired, past_due, paused, trialing, or unpaid`,
    );
  }
  return (s) => s.status === status;
}

function readItems(account: AccountState, input: FormObject): ItemChange[] | undefined {
  const value = input.items;
  if (value === undefined) return undefined;
  const list: FormValue[] = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map((entry, i) => {
    if (typeof entry !== 'object' || Array.isArray(entry)) throw parameterInvalid(`items[${i}]`, 'Invalid object', 'parameter_invalid_object');
    allowOnly(entry, ['id', 'price', 'quantity', 'deleted', 'metadata', 'clear_usage', 'tax_rates', 'discounts', 'price_data', 'billing_thresholds']);
    if (entry.price_data) throw invalidRequest('price_data is not supported by the emulator: create a price first.', `items[${i}][price_data]`);
    const priceId = optionalString(entry, 'price');
    const price = priceId ? findRecord(KINDS.price, account, priceId, `items[${i}][price]`) : undefined;
    if (price && !price.recurring) {
      throw invalidRequest(
        'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
        `items[${i}][price]`,
      );
    }
    return {
      id: optionalString(entry, 'id'),
      price,
      quantity: optionalInteger(entry, 'quantity'),
      deleted: optionalBoolean(entry, 'deleted'),
    };
  });
}

/** `trial_end`: a future Unix time, or `now`. */
function readTrialEnd(input: FormObject, now: number): number | 'now' | undefined {
  const value = optionalString(input, 'trial_end');
  if (value === undefined || value === 'now') return value;
  const at = parseInteger(value, 'trial_end');
  if (at <= now) throw parameterInvalid('trial_end', 'Invalid timestamp: must be an integer Unix timestamp in the future.', 'parameter_invalid_integer');
  return at;
}

function readChanges(account: AccountState, input: FormObject, record: SubscriptionRecord, now: number): SubscriptionChanges {
  return {
    items: readItems(account, input),
    cancelAtPeriodEnd: optionalBoolean(input, 'cancel_at_period_end'),
    trialEnd: readTrialEnd(input, now),
    description: emptyableString(input, 'description'),
    metadata: applyMetadata(input, record.metadata),
  };
}

const CREATE_PARAMS = [
  'customer', 'items', 'trial_end', 'trial_period_days', 'trial_from_plan', 'trial_settings', 'cancel_at_period_end',
  'collection_method', 'days_until_due', 'default_payment_method', 'default_source', 'description', 'metadata',
  'payment_behavior', 'proration_behavior', 'expand', 'currency', 'automatic_tax', 'off_session', 'payment_settings',
  'billing_cycle_anchor', 'coupon', 'discounts', 'promotion_code', 'default_tax_rates',
];
const UPDATE_PARAMS = [
  'items', 'trial_end', 'cancel_at_period_end', 'description', 'metadata', 'proration_behavior', 'proration_date',
  'payment_behavior', 'expand', 'default_payment_method', 'default_source', 'collection_method', 'days_until_due',
  'cancellation_details', 'off_session', 'billing_cycle_anchor', 'trial_from_plan', 'trial_settings',
];

export const subscriptionRoutes: ApiRoute[] = [
  listRoute(
    kind,
    'subscription_read',
    ['created', 'customer', 'price', 'plan', 'status', 'collection_method', 'current_period_start', 'current_period_end', 'test_clock', 'automatic_tax'],
    (input) => {
      const customer = optionalString(input, 'customer');
      const price = optionalString(input, 'price') ?? optionalString(input, 'plan');
      const collection = optionalString(input, 'collection_method');
      const status = statusFilter(optionalString(input, 'status'));
      const testClock = optionalString(input, 'test_clock');
      return (s) =>
        !testClock &&
        status(s) &&
        (customer === undefined || s.customer === customer) &&
        (price === undefined || s.items.some((item) => item.price === price)) &&
        (collection === undefined || s.collectionMethod === collection);
    },
  ),
  retrieveRoute(kind, 'subscription_read'),
  {
    method: 'POST',
    pattern: '/v1/subscriptions',
    permission: 'subscription_write',
    handle: ({ core, account, input, origin }) => {
      allowOnly(input, CREATE_PARAMS);
      const customer = findRecord(KINDS.customer, account, requiredString(input, 'customer'), 'customer');
      const items = readItems(account, input);
      if (!items?.length) throw parameterMissing('items');
      const now = core.state.clock.now();
      const trialDays = optionalInteger(input, 'trial_period_days');
      const trialEnd = readTrialEnd(input, now);
      const collectionMethod = optionalString(input, 'collection_method');
      const record = createSubscription(
        core,
        account,
        {
          customer,
          items: items.map((item, i) => {
            if (!item.price) throw parameterMissing(`items[${i}][price]`);
            return { price: item.price, quantity: item.quantity ?? 1 };
          }),
          trialEnd: trialEnd === 'now' ? null : (trialEnd ?? (trialDays ? now + trialDays * DAY : null)),
          cancelAtPeriodEnd: optionalBoolean(input, 'cancel_at_period_end'),
          collectionMethod: collectionMethod === 'send_invoice' ? 'send_invoice' : 'charge_automatically',
          description: emptyableString(input, 'description'),
          metadata: applyMetadata(input),
          status: optionalString(input, 'payment_behavior') === 'default_incomplete' ? 'incomplete' : undefined,
        },
        origin,
      );
      return objectReply(core.state, kind, record, account, readExpand(input));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id',
    permission: 'subscription_write',
    handle: ({ core, account, input, params, origin }) => {
      allowOnly(input, UPDATE_PARAMS);
      const record = findRecord(kind, account, params.id!);
      updateSubscription(core, account, record, readChanges(account, input, record, core.state.clock.now()), origin);
      return objectReply(core.state, kind, record, account, readExpand(input));
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id',
    permission: 'subscription_write',
    handle: ({ core, account, input, params, origin }) => {
      allowOnly(input, ['cancellation_details', 'invoice_now', 'prorate', 'expand']);
      const record = findRecord(kind, account, params.id!);
      cancelSubscription(core, account, record, origin);
      return objectReply(core.state, kind, record, account, readExpand(input));
    },
  },
];
