import type { StoredRecord } from '../records/stored-record';
import type { ResourceKind } from '../render/kinds';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';
import { expandAll, listExpansions } from './expand';

export interface ApiReply {
  status: number;
  /** The JSON, whole or in pieces (a list page's cached objects are written without copying). */
  body: Buffer | readonly Buffer[];
  headers?: Record<string, string>;
}

export const bodyLength = (body: ApiReply['body']): number =>
  Buffer.isBuffer(body) ? body.length : body.reduce((sum, part) => sum + part.length, 0);

export const jsonReply = (value: unknown, status = 200): ApiReply => ({ status, body: Buffer.from(JSON.stringify(value)) });

function recordJson<R extends StoredRecord>(state: EmulatorState, kind: ResourceKind<R>, record: R, account: AccountState): Buffer {
  return state.json.get(record.id, () => kind.render(record, account));
}

/** One object: its cached JSON, or a fresh render when fields are to be expanded. */
export function objectReply<R extends StoredRecord>(
  state: EmulatorState,
  kind: ResourceKind<R>,
  record: R,
  account: AccountState,
  expand: string[],
): ApiReply {
  if (expand.length === 0) return { status: 200, body: recordJson(state, kind, record, account) };
  const object = kind.render(record, account);
  expandAll(object, expand, state, account);
  return jsonReply(object);
}

/**
 * A list page `{"object":"list","data":[…],"has_more","url"}`. Without expansions it is
 * stitched together from cached JSON: no object is rendered, serialized or even copied again.
 */
export function listReply<R extends StoredRecord>(
  state: EmulatorState,
  kind: ResourceKind<R>,
  page: { items: R[]; hasMore: boolean },
  account: AccountState,
  expand: string[],
): ApiReply {
  const tail = `],"has_more":${page.hasMore},"url":${JSON.stringify(kind.listUrl)}}`;
  if (expand.length === 0) {
    const parts: Buffer[] = [LIST_HEAD];
    page.items.forEach((record, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(recordJson(state, kind, record, account));
    });
    parts.push(Buffer.from(tail));
    return { status: 200, body: parts };
  }
  const objects = page.items.map((record) => kind.render(record, account));
  const paths = listExpansions(expand);
  for (const object of objects) expandAll(object, paths, state, account);
  return { status: 200, body: Buffer.from(`{"object":"list","data":[${objects.map((o) => JSON.stringify(o)).join(',')}${tail}`) };
}

const LIST_HEAD = Buffer.from('{"object":"list","data":[');
const COMMA = Buffer.from(',');
