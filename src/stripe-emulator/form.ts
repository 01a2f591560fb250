/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys, as
 * stripe-node writes it (`a[b][c]=1`, `items[0][price]=p`) and as curl users write it
 * (`expand[]=x`). Query strings of GET requests use the same encoding.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  return [key.slice(0, open), ...key.slice(open + 1, -1).split('][')];
}

const isIndex = (segment: string): boolean => segment === '' || /^\d+$/.test(segment);

function setPath(root: FormObject, path: string[], value: string): void {
  let container: FormObject | FormValue[] = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (UNSAFE_KEYS.has(segment)) return;
    const last = i === path.length - 1;
    const next: FormValue = last ? value : isIndex(path[i + 1]!) ? [] : {};
    if (Array.isArray(container)) {
      const index = segment === '' ? container.length : Number(segment);
      const existing: FormValue | undefined = container[index];
      if (last || existing === undefined || typeof existing === 'string') container[index] = next;
      container = container[index] as FormObject | FormValue[];
    } else {
      const existing: FormValue | undefined = container[segment];
      if (last || existing === undefined || typeof existing === 'string') container[segment] = next;
      container = container[segment] as FormObject | FormValue[];
    }
  }
}

/** Drops the holes left by sparse indexes (`items[0]`, `items[2]`), as Stripe does. */
function compact(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  for (const key of Object.keys(value)) value[key] = compact(value[key]!);
  return value;
}

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) setPath(root, keyPath(key), value);
  return compact(root) as FormObject;
}
