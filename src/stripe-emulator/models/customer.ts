import type Stripe from 'stripe';
import type { AccountState } from '../store/account';
import type { StoredRecord } from '../store/collection';
import type { CardDetails } from './cards';

/** A customer as stored: only what varies; the rest of Stripe's shape is filled in on render. */
export interface CustomerRecord extends StoredRecord {
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  address: Stripe.Address | null;
  metadata: Record<string, string>;
  balance: number;
  currency: string | null;
  invoicePrefix: string;
  preferredLocales: string[];
  /** The default card (`card_…`), from `source=tok_…` on create or update. */
  defaultSource: { id: string; card: CardDetails } | null;
  deleted?: true;
}

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
