import type Stripe from 'stripe';
import type { PriceRecord, ProductRecord } from '../records/catalog';
import type { AccountState } from '../store/account';

/** Stripe sends decimals as strings; the SDK's type brands them, so this is the one cast. */
const decimal = (value: number): Stripe.Decimal => String(value) as unknown as Stripe.Decimal;

export function renderProduct(p: ProductRecord, account: AccountState): Stripe.Product {
  return {
    id: p.id,
    object: 'product',
    active: p.active,
    created: p.created,
    default_price: p.defaultPrice,
    description: p.description,
    images: [],
    livemode: account.livemode,
    marketing_features: [],
    metadata: p.metadata,
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: p.updated,
    url: null,
  };
}

export function renderPrice(p: PriceRecord, account: AccountState): Stripe.Price {
  return {
    id: p.id,
    object: 'price',
    active: p.active,
    billing_scheme: 'per_unit',
    created: p.created,
    currency: p.currency,
    custom_unit_amount: null,
    livemode: account.livemode,
    lookup_key: p.lookupKey,
    metadata: p.metadata,
    nickname: p.nickname,
    product: p.product,
    recurring: p.recurring && {
      interval: p.recurring.interval,
      interval_count: p.recurring.intervalCount,
      meter: null,
      trial_period_days: p.recurring.trialPeriodDays,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: p.unitAmount,
    unit_amount_decimal: decimal(p.unitAmount),
  };
}

/** The legacy Plan view of a recurring price, still embedded in subscription items. */
export function renderPlan(p: PriceRecord, account: AccountState): Stripe.Plan {
  return {
    id: p.id,
    object: 'plan',
    active: p.active,
    amount: p.unitAmount,
    amount_decimal: decimal(p.unitAmount),
    billing_scheme: 'per_unit',
    created: p.created,
    currency: p.currency,
    interval: p.recurring?.interval ?? 'month',
    interval_count: p.recurring?.intervalCount ?? 1,
    livemode: account.livemode,
    metadata: p.metadata,
    meter: null,
    nickname: p.nickname,
    product: p.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: p.recurring?.trialPeriodDays ?? null,
    usage_type: 'licensed',
  };
}
