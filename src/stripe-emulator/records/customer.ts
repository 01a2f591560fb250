import type Stripe from 'stripe';
import type { CardDetails } from './card';
import type { StoredRecord } from './stored-record';

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
