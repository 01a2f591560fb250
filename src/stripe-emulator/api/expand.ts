import { invalidRequest } from '../errors';
import { kindOfId } from '../render/kinds';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';

type Node = Record<string, unknown>;

const notExpandable = (path: string) => invalidRequest(`This property cannot be expanded (${path}).`, 'expand');

/** List expansions start at `data.` (`expand[]=data.customer`); they apply to each object. */
export function listExpansions(paths: string[]): string[] {
  return paths.map((path) => {
    if (!path.startsWith('data.')) throw notExpandable(path);
    return path.slice('data.'.length);
  });
}

/**
 * Replaces ids with the objects they name, along dotted paths (`customer`,
 * `items.data.price.product`), walking through arrays. Only ids of this account expand,
 * as on Stripe; a path that does not end at an id is refused like Stripe refuses it.
 */
export function expandAll(object: object, paths: string[], state: EmulatorState, account: AccountState): void {
  for (const path of paths) {
    if (path.split('.').length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property (${path}).`, 'expand');
    expandPath(object as Node, path.split('.'), path, state, account);
  }
}

function expandPath(node: Node, segments: string[], path: string, state: EmulatorState, account: AccountState): void {
  const [key, ...rest] = segments as [string, ...string[]];
  if (!(key in node)) throw notExpandable(path);
  const value = node[key];
  if (rest.length > 0) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child !== null && typeof child === 'object') expandPath(child as Node, rest, path, state, account);
    }
    return;
  }
  if (value === null || typeof value === 'object') return; // nothing to expand, or expanded already
  const kind = typeof value === 'string' ? kindOfId(value) : undefined;
  const record = kind?.collection(account).get(value as string);
  if (!kind || !record) throw notExpandable(path);
  node[key] = kind.render(record, account);
}
