import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from '../domain/ids';

/** Project API keys are shown once and stored as a SHA-256 hash (they carry 238 bits, so no KDF is needed). */
export const API_KEY_PREFIX = 'sek_';

export const generateApiKey = (): string => `${API_KEY_PREFIX}${randomBase62(40)}`;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const looksLikeApiKey = (key: string): boolean => /^sek_[0-9A-Za-z]{40}$/.test(key);

export function sameHash(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
