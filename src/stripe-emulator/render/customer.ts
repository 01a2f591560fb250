import type Stripe from 'stripe';
import type { CustomerRecord } from '../records/customer';
import type { AccountState } from '../store/account';

export function renderCustomer(c: CustomerRecord, account: AccountState): Stripe.Customer {
  return {
    id: c.id,
    object: 'customer',
    address: c.address,
    balance: c.balance,
    created: c.created,
    currency: c.currency,
    default_source: c.defaultSource?.id ?? null,
    delinquent: false,
    description: c.description,
    discount: null,
    email: c.email,
    invoice_prefix: c.invoicePrefix,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: account.livemode,
    metadata: c.metadata,
    name: c.name,
    next_invoice_sequence: 1,
    phone: c.phone,
    preferred_locales: c.preferredLocales,
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

export const renderDeletedCustomer = (c: CustomerRecord): Stripe.DeletedCustomer => ({
  id: c.id,
  object: 'customer',
  deleted: true,
});
