import { resourceMissing } from '../errors';
import type { StoredRecord } from '../records/stored-record';
import type { ResourceKind } from '../render/kinds';
import type { AccountState } from '../store/account';

/**
 * The object `id` names in this account, or Stripe's 404 `No such <object>: '<id>'` naming
 * `param`. Deleted objects only count where they may still be retrieved.
 */
export function findRecord<R extends StoredRecord>(
  kind: ResourceKind<R>,
  account: AccountState,
  id: string,
  param = 'id',
  options: { allowDeleted?: boolean } = {},
): R {
  const record = kind.collection(account).get(id);
  const deleted = (record as { deleted?: boolean } | undefined)?.deleted === true;
  if (!record || (deleted && !options.allowDeleted)) throw resourceMissing(kind.objectName, id, param);
  return record;
}
