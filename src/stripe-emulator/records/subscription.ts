import type { StoredRecord } from './stored-record';

export const SUBSCRIPTION_STATUSES = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface SubscriptionItemRecord {
  id: string;
  price: string;
  quantity: number;
  created: number;
}

export interface SubscriptionRecord extends StoredRecord {
  customer: string;
  status: SubscriptionStatus;
  items: SubscriptionItemRecord[];
  currency: string;
  /** One billing cycle for all items (the items render it as their current period). */
  periodStart: number;
  periodEnd: number;
  startDate: number;
  billingCycleAnchor: number;
  trialStart: number | null;
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  cancellationReason: 'cancellation_requested' | 'payment_failed' | null;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  description: string | null;
  metadata: Record<string, string>;
  /** What happens when a trial ends without a payment method; `pause` leads to `paused`. */
  missingPaymentMethod: 'create_invoice' | 'pause' | 'cancel';
  /** Scheduler bookkeeping, so each scheduled event fires once. */
  trialWillEndSent: boolean;
  upcomingInvoiceSentFor: number | null;
}
