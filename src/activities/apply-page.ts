import type Stripe from 'stripe';
import type { ConnectionScope } from '../db/profile-objects-store';
import type { SyncWriteStores } from '../db/sync-write-stores';
import type { StripeObjectType } from '../domain/sync-slices';
import type { SourceVersion } from '../domain/versions';
import type { ListedObjects } from '../stripe/gateway';
import { OBJECT_WRITERS } from './write-objects';

export interface PageContext {
  scope: ConnectionScope;
  version: SourceVersion;
  syncRunId: string;
}

type Applier<T> = (stores: SyncWriteStores, ctx: PageContext, objects: T[]) => Promise<number>;

/**
 * Writes one page of Stripe objects into the mirror and applies what it means for profiles, with
 * stores bound to the page's transaction (after `lockProject`). Returns how many objects the page
 * adds to the run's count: a customer already seen by this run (a cursor restarted after a
 * deletion) is not counted again.
 */
export const PAGE_APPLIERS: { [K in StripeObjectType]: Applier<ListedObjects[K]> } = {
  async customers(stores, { scope, version, syncRunId }, customers: Stripe.Customer[]) {
    await OBJECT_WRITERS.customers(stores, scope, customers, version);
    return stores.mirror.markCustomersSeen(scope.connectionId, customers.map((c) => c.id), syncRunId);
  },

  async subscriptions(stores, { scope, version }, subscriptions: Stripe.Subscription[]) {
    await OBJECT_WRITERS.subscriptions(stores, scope, subscriptions, version);
    return subscriptions.length;
  },

  async charges(stores, { scope, version }, charges: Stripe.Charge[]) {
    await OBJECT_WRITERS.charges(stores, scope, charges, version);
    return charges.length;
  },
};

/** Applies a page of `type` (the one cast the per-type table needs). */
export function applyPage(type: StripeObjectType, stores: SyncWriteStores, ctx: PageContext, objects: unknown[]): Promise<number> {
  return (PAGE_APPLIERS[type] as Applier<unknown>)(stores, ctx, objects);
}
