import type Stripe from 'stripe';
import type { SubscriptionItemRecord, SubscriptionRecord } from '../records/subscription';
import type { AccountState } from '../store/account';
import { renderPlan, renderPrice } from './catalog';

function renderItem(s: SubscriptionRecord, item: SubscriptionItemRecord, account: AccountState): Stripe.SubscriptionItem {
  const price = account.priceOf(item.price);
  return {
    id: item.id,
    object: 'subscription_item',
    billing_thresholds: null,
    created: item.created,
    current_period_end: s.periodEnd,
    current_period_start: s.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: renderPlan(price, account),
    price: renderPrice(price, account),
    quantity: item.quantity,
    subscription: s.id,
    tax_rates: [],
  };
}

export function renderSubscription(s: SubscriptionRecord, account: AccountState): Stripe.Subscription {
  return {
    id: s.id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: s.billingCycleAnchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: s.cancelAt,
    cancel_at_period_end: s.cancelAtPeriodEnd,
    canceled_at: s.canceledAt,
    cancellation_details: {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: s.cancellationReason,
    },
    collection_method: s.collectionMethod,
    created: s.created,
    currency: s.currency,
    customer: s.customer,
    customer_account: null,
    days_until_due: s.collectionMethod === 'send_invoice' ? 30 : null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: s.description,
    discounts: [],
    ended_at: s.endedAt,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: {
      object: 'list',
      data: s.items.map((item) => renderItem(s, item, account)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${s.id}`,
    },
    latest_invoice: null,
    livemode: account.livemode,
    managed_payments: null,
    metadata: s.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: s.startDate,
    status: s.status,
    test_clock: null,
    transfer_data: null,
    trial_end: s.trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: s.missingPaymentMethod } },
    trial_start: s.trialStart,
  };
}
