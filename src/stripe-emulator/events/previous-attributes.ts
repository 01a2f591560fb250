type Json = unknown;

const isPlainObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Json, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * `data.previous_attributes` of an `*.updated` event: the old values of what changed. Nested
 * objects (metadata, address) give only their changed keys (a new key's old value is null);
 * arrays are given whole, as Stripe re-renders a whole sub-array when one element changes.
 */
export function previousAttributes(before: object, after: object): Record<string, Json> | undefined {
  const changed = diff(before as Record<string, Json>, after as Record<string, Json>);
  return Object.keys(changed).length > 0 ? changed : undefined;
}

function diff(before: Record<string, Json>, after: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key];
    const now = after[key];
    if (same(old, now)) continue;
    out[key] = isPlainObject(old) && isPlainObject(now) ? diff(old, now) : (old ?? null);
  }
  return out;
}
