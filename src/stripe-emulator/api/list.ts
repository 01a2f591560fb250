import { invalidRequest, resourceMissing } from '../errors';
import type { FormObject } from '../form';
import type { StoredRecord } from '../records/stored-record';
import type { ResourceKind } from '../render/kinds';
import type { AccountState } from '../store/account';
import type { CreatedRange } from '../store/collection';
import { optionalInteger, optionalString, readCreated } from './params';

/** Parameters every list endpoint takes. */
export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'] as const;

export interface Page<R> {
  items: R[];
  hasMore: boolean;
}

/**
 * One page of a list with Stripe's semantics: newest first (ties broken by creation order),
 * `limit` 1–100 (default 10), `starting_after` (older) or `ending_before` (newer) but not
 * both, `created` bounds, and `has_more`. The work is a binary search plus a walk over the
 * page (longer only when `matches` skips many records).
 */
export function listPage<R extends StoredRecord>(
  kind: ResourceKind<R>,
  account: AccountState,
  input: FormObject,
  matches: (record: R) => boolean = () => true,
  created: CreatedRange = readCreated(input) ?? {},
): Page<R> {
  const limit = optionalInteger(input, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  const startingAfter = cursor(kind, account, input, 'starting_after');
  const endingBefore = cursor(kind, account, input, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  const collection = kind.collection(account);
  const ordered = collection.ordered();
  let [from, to] = collection.createdBounds(created);
  const found: R[] = [];

  if (endingBefore) {
    // The `limit` records just newer than the cursor, nearest first, then shown newest first.
    from = Math.max(from, collection.lowerBound(endingBefore.created, endingBefore.seq + 1));
    for (let i = from; i < to && found.length <= limit; i++) if (matches(ordered[i]!)) found.push(ordered[i]!);
    const hasMore = found.length > limit;
    return { items: found.slice(0, limit).reverse(), hasMore };
  }
  if (startingAfter) to = Math.min(to, collection.lowerBound(startingAfter.created, startingAfter.seq));
  for (let i = to - 1; i >= from && found.length <= limit; i--) if (matches(ordered[i]!)) found.push(ordered[i]!);
  const hasMore = found.length > limit;
  return { items: found.slice(0, limit), hasMore };
}

function cursor<R extends StoredRecord>(kind: ResourceKind<R>, account: AccountState, input: FormObject, param: string): R | undefined {
  const id = optionalString(input, param);
  if (id === undefined || id === '') return undefined;
  const record = kind.collection(account).get(id);
  if (!record) throw resourceMissing(kind.objectName, id, param);
  return record;
}
