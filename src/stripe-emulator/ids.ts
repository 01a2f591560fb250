import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text from a cryptographic source (secrets, keys, codes). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: dropping higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function toBase62(value: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** murmur3's finalizer: a bijection on 32-bit integers that scatters consecutive inputs. */
function scramble(value: number): number {
  let x = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

// Ids must never repeat, even across resets and restarts, because a shared Temporal server or
// database may still hold old ones. A random per-process nonce plus a counter gives that; the
// counter is scrambled so ids do not sort by creation (Stripe's do not either).
const processNonce = randomBase62(6);
let counter = 0;

/** A new Stripe-like id: the prefix, `_`, and 14 base62 characters (`cus_…`). */
export function newId(prefix: string): string {
  counter += 1;
  const high = Math.floor(counter / 2 ** 32);
  return `${prefix}_${processNonce}${toBase62(high, 2)}${toBase62(scramble(counter >>> 0), 6)}`;
}

/** A new secret such as `sk_test_…`, `whsec_…`, `ac_…`: unguessable, not just unique. */
export function newSecret(prefix: string, length = 32): string {
  return `${prefix}${randomBase62(length)}`;
}

export const newRequestId = (): string => newId('req');

/** Stripe's way of showing a key in messages: prefix, stars, and the last four characters. */
export function redactKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const hidden = Math.max(key.length - prefix.length - 4, 0);
  return `${prefix}${'*'.repeat(hidden)}${key.slice(-4)}`;
}
