import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string; 22 chars carry ~131 bits, enough to never collide. */
export function randomBase62(length = 22): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 * 62: rejection keeps the distribution uniform
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

export type IdPrefix = 'proj' | 'key' | 'conn' | 'run' | 'prof' | 'pev' | 'seg' | 'ost' | 'arun' | 'mail' | 'pai' | 'drift';

export const newId = (prefix: IdPrefix): string => `${prefix}_${randomBase62()}`;
