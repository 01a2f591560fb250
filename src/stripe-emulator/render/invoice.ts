import type Stripe from 'stripe';
import { addInterval } from '../billing/periods';
import type { CustomerRecord } from '../records/customer';
import type { SubscriptionRecord } from '../records/subscription';
import type { AccountState } from '../store/account';

/** An upcoming invoice has no id: it does not exist yet (hence `invoice.upcoming` carries none). */
export type UpcomingInvoice = Omit<Stripe.Invoice, 'id'>;

function line(s: SubscriptionRecord, item: SubscriptionRecord['items'][number], account: AccountState): Stripe.InvoiceLineItem {
  const price = account.priceOf(item.price);
  const amount = price.unitAmount * item.quantity;
  const periodEnd = addInterval(s.periodEnd, price.recurring?.interval ?? 'month', price.recurring?.intervalCount ?? 1);
  return {
    id: `il_tmp_${item.id.slice(3)}`,
    object: 'line_item',
    amount,
    currency: price.currency,
    description: `${item.quantity} × ${price.nickname ?? price.product} (at $${(price.unitAmount / 100).toFixed(2)} / ${price.recurring?.interval ?? 'month'})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: null,
    livemode: account.livemode,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: s.id,
        subscription_item: item.id,
      },
      type: 'subscription_item_details',
    },
    period: { start: s.periodEnd, end: periodEnd },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal: null },
    quantity: item.quantity,
    quantity_decimal: null,
    subscription: s.id,
    subtotal: amount,
    taxes: [],
  };
}

/** The invoice the next renewal of `s` will produce, as `invoice.upcoming` shows it. */
export function renderUpcomingInvoice(
  s: SubscriptionRecord,
  customer: CustomerRecord | undefined,
  account: AccountState,
  now: number,
): UpcomingInvoice {
  const lines = s.items.map((item) => line(s, item, account));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    object: 'invoice',
    account_country: account.profile.country,
    account_name: account.profile.businessName,
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    // As Stripe previews it: it does not advance by itself and has no page or PDF until it is real.
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: 'upcoming',
    collection_method: s.collectionMethod,
    created: now,
    currency: s.currency,
    custom_fields: null,
    customer: s.customer,
    customer_account: null,
    customer_address: customer?.address ?? null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/upcoming/lines?subscription=${s.id}` },
    livemode: account.livemode,
    metadata: {},
    next_payment_attempt: s.periodEnd + 3600,
    number: null,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: s.metadata, subscription: s.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: s.periodEnd,
    period_start: s.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: customer?.balance ?? 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}
