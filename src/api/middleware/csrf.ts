import { DomainError } from '../../domain/errors';
import type { ApiContext, ApiMiddleware } from '../context';
import { mac, sameText } from '../../security/signing';
import { currentSession } from './session';

export const CSRF_FIELD = '_csrf';

/** The token forms carry: a MAC of the session id, so it is valid for this browser session only. */
export const csrfToken = (ctx: ApiContext, key: Buffer): string => mac(key, `csrf:${currentSession(ctx).sid}`);

/** Refuses a form post (or script call) without this session's token. */
export const verifyCsrf = (key: Buffer): ApiMiddleware => async (ctx, next) => {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  const sent = (typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '') || ctx.get('x-csrf-token');
  if (!sent || !sameText(sent, csrfToken(ctx, key))) {
    throw new DomainError('forbidden', 'This form has expired or did not come from this site. Reload the page and try again.');
  }
  await next();
};
