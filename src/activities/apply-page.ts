import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { createProfileIdentityStore } from '../db/profile-identity-store';
import { createProfileObjectsStore, type ConnectionScope } from '../db/profile-objects-store';
import { createStripeObjectStore } from '../db/stripe-object-store';
import type { StripeObjectType } from '../domain/sync-slices';
import type { SourceVersion } from '../domain/versions';
import type { ListedObjects } from '../stripe/gateway';
import { chargeRecord, customerRecord, subscriptionRecord } from '../stripe/mirror-records';

export interface PageContext {
  trx: Knex.Transaction;
  scope: ConnectionScope;
  version: SourceVersion;
  syncRunId: string;
}

type Applier<T> = (ctx: PageContext, objects: T[]) => Promise<number>;

const unique = (values: string[]) => [...new Set(values)];

/**
 * Writes one page of Stripe objects into the mirror and applies what it means for profiles, inside
 * the page's transaction (after `lockProject`). Returns how many objects the page adds to the run's
 * count: a customer already seen by this run (a cursor restarted after a deletion) is not counted again.
 */
export const PAGE_APPLIERS: { [K in StripeObjectType]: Applier<ListedObjects[K]> } = {
  async customers({ trx, scope, version, syncRunId }, customers: Stripe.Customer[]) {
    const objects = createStripeObjectStore(trx);
    const ids = customers.map((c) => c.id);
    await objects.upsertCustomers(scope.connectionId, customers.map(customerRecord), version);
    const newlySeen = await objects.markCustomersSeen(scope.connectionId, ids, syncRunId);
    await createProfileIdentityStore(trx).linkCustomers(scope, ids);
    return newlySeen;
  },

  async subscriptions({ trx, scope, version }, subscriptions: Stripe.Subscription[]) {
    const records = subscriptions.map(subscriptionRecord);
    await createStripeObjectStore(trx).upsertSubscriptions(scope.connectionId, records, version);
    await createProfileIdentityStore(trx).refreshCustomers(scope, unique(records.map((r) => r.customerId)));
    return records.length;
  },

  async charges({ trx, scope, version }, charges: Stripe.Charge[]) {
    await createStripeObjectStore(trx).upsertCharges(scope.connectionId, charges.map(chargeRecord), version);
    await createProfileObjectsStore(trx).attachCharges(scope, charges.map((c) => c.id));
    return charges.length;
  },
};

/** Applies a page of `type` (the one cast the per-type table needs). */
export function applyPage(type: StripeObjectType, ctx: PageContext, objects: unknown[]): Promise<number> {
  return (PAGE_APPLIERS[type] as Applier<unknown>)(ctx, objects);
}
