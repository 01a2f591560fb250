import type { ConnectionScope } from '../db/profile-objects-store';
import type { StoredObject } from '../db/stripe-object-store';
import { sameStripeObject, type ObjectDrift } from '../domain/drift';
import type { StripeObjectType } from '../domain/sync-slices';
import type { SourceVersion } from '../domain/versions';
import { classifyStripeError } from '../stripe/errors';
import type { StripeGateway } from '../stripe/gateway';
import { toActivityFailure } from './stripe-failures';
import { writeObjects, type ObjectWriteStores, type WrittenObjects } from './write-objects';

/** What Stripe said about some objects of one kind: as they are now, and the ids it no longer has. */
export interface StripeAnswer<K extends StripeObjectType = StripeObjectType> {
  objects: WrittenObjects[K][];
  gone: string[];
}

const RETRIEVE_KIND = { customers: 'customer', subscriptions: 'subscription', charges: 'charge' } as const;

const isDeletedCustomer = (o: unknown) => (o as { deleted?: unknown }).deleted === true;

/**
 * Asks Stripe for these objects one by one: those it returns (a deleted customer's stub counts as
 * gone from the customers the mirror keeps), and those it no longer knows (404). Outside any
 * transaction: no lock is held while Stripe answers.
 */
export async function retrieveEach<K extends StripeObjectType>(gateway: StripeGateway, kind: K, ids: string[]): Promise<StripeAnswer<K>> {
  const answer: StripeAnswer<K> = { objects: [], gone: [] };
  for (const id of ids) {
    try {
      const object = await gateway.retrieve(RETRIEVE_KIND[kind], id);
      if (kind === 'customers' && isDeletedCustomer(object)) answer.gone.push(id);
      else answer.objects.push(object as unknown as WrittenObjects[K]);
    } catch (error) {
      if (classifyStripeError(error).code !== 'resource_missing') throw toActivityFailure(error);
      answer.gone.push(id);
    }
  }
  return answer;
}

/** After objects were removed, what depends on them follows: links of deleted customers, traits of customers whose subscriptions went. */
async function afterRemoval(kind: StripeObjectType, stores: ObjectWriteStores, scope: ConnectionScope, removed: string[], stored: Map<string, StoredObject>) {
  if (removed.length === 0) return;
  if (kind === 'customers') await stores.identity.linkCustomers(scope, removed);
  if (kind === 'subscriptions') {
    const customers = [...new Set(removed.map((id) => stored.get(id)?.customerId).filter((c): c is string => !!c))];
    await stores.identity.refreshCustomers(scope, customers);
  }
}

/**
 * Makes the mirror's copies of one kind agree with what Stripe answered: missing or differing
 * objects are written (the identity rules follow, as for a sync page), objects Stripe no longer has
 * are removed. Writes are versioned `version` (when Stripe was asked), so a live event that wrote
 * newer news meanwhile wins. In the caller's transaction, its project lock taken.
 */
export async function repairFromStripe(
  kind: StripeObjectType,
  stores: ObjectWriteStores,
  scope: ConnectionScope,
  answer: StripeAnswer,
  version: SourceVersion,
): Promise<ObjectDrift> {
  const { connectionId } = scope;
  const stored = await stores.mirror.storedObjects(connectionId, kind, [...answer.objects.map((o) => o.id), ...answer.gone]);
  let missing = 0;
  let stale = 0;
  const repairs = answer.objects.filter((object) => {
    const copy = stored.get(object.id);
    if (!copy) missing++;
    else if (!sameStripeObject(copy.data, object)) stale++;
    else return false;
    return true;
  });
  if (repairs.length) await writeObjects(kind, stores, scope, repairs, version);
  const removed = await stores.mirror.removeObjects(connectionId, kind, answer.gone.filter((id) => stored.has(id)), version);
  await afterRemoval(kind, stores, scope, removed, stored);
  return { checked: answer.objects.length + answer.gone.length, missing, stale, removed: removed.length };
}
