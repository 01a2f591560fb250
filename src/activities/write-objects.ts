import type Stripe from 'stripe';
import type { ConnectionScope } from '../db/profile-objects-store';
import type { SyncWriteStores } from '../db/sync-write-stores';
import type { StripeObjectType } from '../domain/sync-slices';
import type { Versions } from '../domain/versions';
import { chargeRecord, customerRecord, subscriptionRecord } from '../stripe/mirror-records';

/** The stores an object write needs, bound to the caller's transaction (its project lock taken). */
export type ObjectWriteStores = Pick<SyncWriteStores, 'identity' | 'mirror' | 'profileObjects'>;

/** What each kind is written from: a deleted customer comes as Stripe's deleted stub. */
export interface WrittenObjects {
  customers: Stripe.Customer | Stripe.DeletedCustomer;
  subscriptions: Stripe.Subscription;
  charges: Stripe.Charge;
}

type Writer<T> = (stores: ObjectWriteStores, scope: ConnectionScope, objects: T[], version: Versions) => Promise<void>;

const unique = (values: string[]) => [...new Set(values)];

/**
 * Stripe objects into the mirror, with what they mean for profiles: the identity rules for
 * customers, the traits of the customers whose subscriptions changed, the profile a charge belongs
 * to. The one way every writer (a sync page, a live event, a drift repair, a customer's resync)
 * stores Stripe's objects.
 */
export const OBJECT_WRITERS: { [K in StripeObjectType]: Writer<WrittenObjects[K]> } = {
  async customers({ mirror, identity }, scope, customers, version) {
    await mirror.upsertCustomers(scope.connectionId, customers.map(customerRecord), version);
    await identity.linkCustomers(scope, customers.map((c) => c.id));
  },

  async subscriptions({ mirror, identity }, scope, subscriptions, version) {
    const records = subscriptions.map(subscriptionRecord);
    await mirror.upsertSubscriptions(scope.connectionId, records, version);
    await identity.refreshCustomers(scope, unique(records.map((r) => r.customerId)));
  },

  async charges({ mirror, profileObjects }, scope, charges, version) {
    await mirror.upsertCharges(scope.connectionId, charges.map(chargeRecord), version);
    await profileObjects.attachCharges(scope, charges.map((c) => c.id));
  },
};

/** Writes objects of `type` (the one cast the per-type table needs). */
export function writeObjects(type: StripeObjectType, stores: ObjectWriteStores, scope: ConnectionScope, objects: unknown[], version: Versions): Promise<void> {
  return (OBJECT_WRITERS[type] as Writer<unknown>)(stores, scope, objects, version);
}
