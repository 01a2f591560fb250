import type { ChargeRecord, RefundRecord } from '../models/charge';
import type { CustomerRecord } from '../models/customer';
import type { EventRecord } from '../models/event';
import type { PriceRecord, ProductRecord } from '../models/catalog';
import type { SubscriptionRecord } from '../models/subscription';
import type { WebhookEndpointRecord } from '../models/webhook-endpoint';
import { Collection, type StoredRecord } from './collection';

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
