import { invalidRequest } from '../../errors';
import type { Permission } from '../../permissions';
import type { StoredRecord } from '../../records/stored-record';
import { KINDS, type ResourceKind } from '../../render/kinds';
import type { AccountState } from '../../store/account';
import { expandAll, listExpansions } from '../expand';
import { allowOnly, optionalInteger, optionalString, readExpand, requiredString } from '../params';
import { jsonReply } from '../reply';
import type { ApiRoute } from '../request';
import { matchesQuery, parseSearchQuery } from '../search/query';

type Searchable = Record<string, string | number | null>;

interface SearchSpec<R extends StoredRecord> {
  kind: ResourceKind<R>;
  permission: Permission;
  /** the resource's name in Stripe's messages and docs */
  resource: string;
  fields: Record<string, 'number' | 'string'>;
  values: (record: R) => Searchable;
  /** deleted customers are not searchable */
  searchable?: (record: R) => boolean;
}

/** A `page` token: where the next page starts in the result, opaque to the client as Stripe's are. */
const pageToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
function pageOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) throw invalidRequest('Invalid page: the value must come from a previous search result\'s next_page.', 'page');
  return Number(match[1]);
}

/**
 * `GET /v1/<resource>/search` as Stripe serves it: `query` in its search language (the subset
 * `parseSearchQuery` reads), `limit` 1–100 (default 10), `page` from `next_page`, newest first,
 * and `total_count` when `expand[]=total_count` asks for it. The emulator's index has no lag
 * (Stripe's is usually under a minute behind writes).
 */
function searchRoute<R extends StoredRecord>(spec: SearchSpec<R>): ApiRoute {
  const url = `${spec.kind.listUrl}/search`;
  return {
    method: 'GET',
    pattern: url,
    permission: spec.permission,
    handle: ({ core, account, input }) => {
      allowOnly(input, ['query', 'limit', 'page', 'expand']);
      const query = parseSearchQuery(requiredString(input, 'query'), spec.fields, spec.resource);
      const limit = optionalInteger(input, 'limit') ?? 10;
      if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
      const offset = pageOffset(optionalString(input, 'page'));
      const expand = readExpand(input);
      const withTotal = expand.includes('total_count');
      const paths = listExpansions(expand.filter((p) => p !== 'total_count'));

      const matching = matchingNewestFirst(spec, account, (r) => matchesQuery(query, spec.values(r)));
      const items = matching.slice(offset, offset + limit);
      const hasMore = matching.length > offset + limit;
      const data = items.map((record) => spec.kind.render(record, account));
      for (const object of data) expandAll(object, paths, core.state, account);
      return jsonReply({
        object: 'search_result', data, has_more: hasMore, next_page: hasMore ? pageToken(offset + limit) : null, url,
        ...(withTotal ? { total_count: matching.length } : {}),
      });
    },
  };
}

function matchingNewestFirst<R extends StoredRecord>(spec: SearchSpec<R>, account: AccountState, matches: (r: R) => boolean): R[] {
  const ordered = spec.kind.collection(account).ordered();
  const found: R[] = [];
  for (let i = ordered.length - 1; i >= 0; i--) {
    const record = ordered[i]!;
    if ((spec.searchable?.(record) ?? true) && matches(record)) found.push(record);
  }
  return found;
}

export const searchRoutes: ApiRoute[] = [
  searchRoute({
    kind: KINDS.customer, permission: 'customer_read', resource: 'customers',
    fields: { created: 'number', email: 'string', name: 'string', phone: 'string' },
    values: (c) => ({ created: c.created, email: c.email, name: c.name, phone: c.phone }),
    searchable: (c) => !c.deleted,
  }),
  searchRoute({
    kind: KINDS.subscription, permission: 'subscription_read', resource: 'subscriptions',
    fields: { created: 'number', status: 'string' },
    values: (s) => ({ created: s.created, status: s.status }),
  }),
  searchRoute({
    kind: KINDS.charge, permission: 'charge_read', resource: 'charges',
    fields: { created: 'number', amount: 'number', currency: 'string', customer: 'string', status: 'string' },
    values: (c) => ({ created: c.created, amount: c.amount, currency: c.currency, customer: c.customer, status: c.status }),
  }),
];
