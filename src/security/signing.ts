import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of a value, base64url. */
export const mac = (key: Buffer, value: string): string => createHmac('sha256', key).update(value).digest('base64url');

export function sameText(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** `value.mac`: readable but tamper-evident (cookies, OAuth state). */
export const sign = (key: Buffer, value: string): string => `${value}.${mac(key, value)}`;

/** The value of a token made by `sign` with this key, or undefined when it was altered or forged. */
export function unsign(key: Buffer, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = token.slice(0, dot);
  return sameText(token.slice(dot + 1), mac(key, value)) ? value : undefined;
}
