import { randomBytes } from 'node:crypto';
import type { ApiMiddleware } from '../context';

/**
 * A strict Content-Security-Policy (inline styles, and only the inline script carrying this
 * response's nonce), no framing, no sniffing, no referrer leaking OAuth query strings.
 */
export const securityHeaders = (): ApiMiddleware => async (ctx, next) => {
  const nonce = randomBytes(16).toString('base64');
  ctx.state.cspNonce = nonce;
  ctx.set({
    'Content-Security-Policy': `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  await next();
};
