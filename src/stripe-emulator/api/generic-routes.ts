import type { FormObject } from '../form';
import type { Permission } from '../permissions';
import type { StoredRecord } from '../records/stored-record';
import type { ResourceKind } from '../render/kinds';
import { LIST_PARAMS, listPage } from './list';
import { findRecord } from './lookup';
import { allowOnly, readExpand } from './params';
import { listReply, objectReply } from './reply';
import type { ApiRoute } from './request';

/** `GET /v1/<objects>/:id`. */
export function retrieveRoute<R extends StoredRecord>(kind: ResourceKind<R>, permission: Permission): ApiRoute {
  return {
    method: 'GET',
    pattern: `${kind.listUrl}/:id`,
    permission,
    handle: ({ core, account, input, params }) => {
      allowOnly(input, ['expand']);
      return objectReply(core.state, kind, findRecord(kind, account, params.id!), account, readExpand(input));
    },
  };
}

/**
 * `GET /v1/<objects>`: Stripe's list semantics plus the endpoint's own filters. `filter`
 * reads the filter parameters once and returns the test each listed object must pass.
 */
export function listRoute<R extends StoredRecord>(
  kind: ResourceKind<R>,
  permission: Permission,
  filterParams: readonly string[],
  filter: (input: FormObject) => (record: R) => boolean = () => () => true,
): ApiRoute {
  return {
    method: 'GET',
    pattern: kind.listUrl,
    permission,
    handle: ({ core, account, input }) => {
      allowOnly(input, [...LIST_PARAMS, ...filterParams]);
      const page = listPage(kind, account, input, filter(input));
      return listReply(core.state, kind, page, account, readExpand(input));
    },
  };
}
