import { DomainError } from '../../domain/errors';
import type { ApiMiddleware } from '../context';

/** `host[:port]` as URL spells it for this scheme (lower case, default port dropped); '' when it is no host. */
function normalHost(protocol: string, host: string): string {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return '';
  }
}

/**
 * Pages are served at APP_URL's host only. The session cookie belongs to the host the browser
 * used, and Stripe sends the browser back to APP_URL: a sign-in at another address (127.0.0.1 for
 * localhost) would be lost at the OAuth callback. So a page reached at another host is sent to
 * the same path and query at APP_URL's origin, before any cookie is set.
 *
 * Only the host is compared: behind a TLS-terminating proxy the browser's scheme is known only if
 * the proxy says so, and a wrong guess would redirect in a loop. The target is built from APP_URL,
 * never from the request's Host, so this cannot redirect off-site.
 */
export const canonicalHost = (appUrl: string): ApiMiddleware => {
  const canonical = new URL(appUrl);
  return async (ctx, next) => {
    if (normalHost(canonical.protocol, ctx.host) === canonical.host) {
      await next();
      return;
    }
    if (ctx.method === 'GET' || ctx.method === 'HEAD') {
      // path and search are appended to the origin as text: resolving them as a URL would let `//host` escape it
      ctx.redirect(`${canonical.origin}${ctx.path}${ctx.search}`);
      return;
    }
    // Re-sending a form to APP_URL would carry its fields (an API key) to a session that did not issue
    // its CSRF token, and fail there anyway: refuse it, and let the error page lead back.
    throw new DomainError('forbidden', `This form was sent to another address than this site's (${canonical.origin}). Nothing was changed; open Settings → Integrations there and try again.`);
  };
};
