import type Stripe from 'stripe';
import type { ConnectionScope } from '../db/profile-objects-store';
import type { SyncWriteStores } from '../db/sync-write-stores';
import type { StripeObjectType } from '../domain/sync-slices';
import type { SourceVersion } from '../domain/versions';
import type { ListedObjects } from '../stripe/gateway';
import { chargeRecord, customerRecord, subscriptionRecord } from '../stripe/mirror-records';

export interface PageContext {
  scope: ConnectionScope;
  version: SourceVersion;
  syncRunId: string;
}

type Applier<T> = (stores: SyncWriteStores, ctx: PageContext, objects: T[]) => Promise<number>;

const unique = (values: string[]) => [...new Set(values)];

/**
 * Writes one page of Stripe objects into the mirror and applies what it means for profiles, with
 * stores bound to the page's transaction (after `lockProject`). Returns how many objects the page
 * adds to the run's count: a customer already seen by this run (a cursor restarted after a
 * deletion) is not counted again.
 */
export const PAGE_APPLIERS: { [K in StripeObjectType]: Applier<ListedObjects[K]> } = {
  async customers({ mirror, identity }, { scope, version, syncRunId }, customers: Stripe.Customer[]) {
    const ids = customers.map((c) => c.id);
    await mirror.upsertCustomers(scope.connectionId, customers.map(customerRecord), version);
    const newlySeen = await mirror.markCustomersSeen(scope.connectionId, ids, syncRunId);
    await identity.linkCustomers(scope, ids);
    return newlySeen;
  },

  async subscriptions({ mirror, identity }, { scope, version }, subscriptions: Stripe.Subscription[]) {
    const records = subscriptions.map(subscriptionRecord);
    await mirror.upsertSubscriptions(scope.connectionId, records, version);
    await identity.refreshCustomers(scope, unique(records.map((r) => r.customerId)));
    return records.length;
  },

  async charges({ mirror, profileObjects }, { scope, version }, charges: Stripe.Charge[]) {
    await mirror.upsertCharges(scope.connectionId, charges.map(chargeRecord), version);
    await profileObjects.attachCharges(scope, charges.map((c) => c.id));
    return charges.length;
  },
};

/** Applies a page of `type` (the one cast the per-type table needs). */
export function applyPage(type: StripeObjectType, stores: SyncWriteStores, ctx: PageContext, objects: unknown[]): Promise<number> {
  return (PAGE_APPLIERS[type] as Applier<unknown>)(stores, ctx, objects);
}
