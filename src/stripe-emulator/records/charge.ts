import type Stripe from 'stripe';
import type { CardDecline, CardDetails } from './card';
import type { StoredRecord } from './stored-record';

export interface BillingDetails {
  email: string | null;
  name: string | null;
  phone: string | null;
  address: Stripe.Address | null;
}

export interface ChargeRecord extends StoredRecord {
  customer: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: 'succeeded' | 'failed';
  failure: CardDecline | null;
  description: string | null;
  receiptEmail: string | null;
  billing: BillingDetails;
  metadata: Record<string, string>;
  card: CardDetails;
  paymentMethod: string;
  balanceTransaction: string | null;
  riskScore: number;
}

export interface RefundRecord extends StoredRecord {
  charge: string;
  customer: string | null;
  amount: number;
  currency: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  balanceTransaction: string;
  metadata: Record<string, string>;
}
