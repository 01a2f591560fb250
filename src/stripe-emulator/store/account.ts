import type { PriceRecord, ProductRecord } from '../records/catalog';
import type { ChargeRecord, RefundRecord } from '../records/charge';
import type { CustomerRecord } from '../records/customer';
import type { EventRecord } from '../records/event';
import type { StoredRecord } from '../records/stored-record';
import type { SubscriptionRecord } from '../records/subscription';
import type { WebhookEndpointRecord } from '../records/webhook-endpoint';
import { Collection } from './collection';

export interface AccountProfile {
  id: string;
  /** The mode it was created in: its first key, seeds and triggers default to it. */
  livemode: boolean;
  created: number;
  email: string | null;
  businessName: string | null;
  country: string;
  defaultCurrency: string;
}

/**
 * One Stripe account's data in one mode. As on Stripe, an account's test-mode and live-mode
 * objects are apart: a live key sees only live objects.
 */
export class AccountState {
  readonly customers = new Collection<CustomerRecord>();
  readonly subscriptions = new Collection<SubscriptionRecord>();
  readonly charges = new Collection<ChargeRecord>();
  readonly refunds = new Collection<RefundRecord>();
  readonly products = new Collection<ProductRecord>();
  readonly prices = new Collection<PriceRecord>();
  readonly events = new Collection<EventRecord>();
  readonly webhookEndpoints = new Collection<WebhookEndpointRecord>();

  constructor(
    readonly profile: AccountProfile,
    readonly livemode: boolean,
  ) {}

  get id(): string {
    return this.profile.id;
  }

  /** A price a subscription refers to: subscriptions keep their prices, so one missing is a bug. */
  priceOf(priceId: string): PriceRecord {
    const price = this.prices.get(priceId);
    if (!price) throw new Error(`price ${priceId} of a subscription is missing from ${this.id}`);
    return price;
  }

  /** Every collection by its snapshot name (state files, the objects oracle). */
  collections(): Record<CollectionName, Collection<StoredRecord>> {
    return {
      customers: this.customers,
      subscriptions: this.subscriptions,
      charges: this.charges,
      refunds: this.refunds,
      products: this.products,
      prices: this.prices,
      events: this.events,
      webhook_endpoints: this.webhookEndpoints,
    };
  }
}

export const COLLECTION_NAMES = [
  'customers',
  'subscriptions',
  'charges',
  'refunds',
  'products',
  'prices',
  'events',
  'webhook_endpoints',
] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];
