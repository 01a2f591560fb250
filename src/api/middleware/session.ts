import { randomBytes } from 'node:crypto';
import type { ApiContext, ApiMiddleware, Session } from '../context';
import { sign, unsign } from '../../security/signing';

export const SESSION_COOKIE = 'se_session';
const TTL_MS = 7 * 24 * 3600 * 1000;

const encode = (s: Session) => Buffer.from(JSON.stringify([s.sid, s.projectId, s.expiresAt])).toString('base64url');

function decode(value: string): Session | undefined {
  try {
    const [sid, projectId, expiresAt] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string | null, number];
    return typeof sid === 'string' && typeof expiresAt === 'number' ? { sid, projectId, expiresAt } : undefined;
  } catch {
    return undefined;
  }
}

const newSession = (projectId: string | null, now: number): Session => ({
  sid: randomBytes(24).toString('base64url'),
  projectId,
  expiresAt: now + TTL_MS,
});

function write(ctx: ApiContext, key: Buffer, session: Session): void {
  ctx.state.session = session;
  const secure = ctx.state.httpsOnly === true || ctx.secure;
  // TLS ends at the proxy in front of an https APP_URL: the browser's connection is secure even when this one is not
  if (secure) ctx.cookies.secure = true;
  ctx.cookies.set(SESSION_COOKIE, sign(key, encode(session)), {
    httpOnly: true,
    sameSite: 'lax', // sent on the top-level GET back from Stripe's authorize page, not on cross-site POSTs
    secure,
    path: '/',
    expires: new Date(session.expiresAt),
    overwrite: true,
  });
}

/**
 * The browser session of the pages: a signed, HttpOnly, SameSite=Lax cookie, Secure whenever
 * APP_URL is https (`httpsOnly`: pages are only ever served there) or the request came over https.
 * Every browser gets one (anonymous at first) so that forms, sign-in included, carry a CSRF token
 * bound to it.
 */
export const loadSession = (key: Buffer, now: () => Date, httpsOnly = false): ApiMiddleware => async (ctx, next) => {
  ctx.state.httpsOnly = httpsOnly;
  const raw = ctx.cookies.get(SESSION_COOKIE);
  const value = raw ? unsign(key, raw) : undefined;
  const session = value ? decode(value) : undefined;
  if (session && session.expiresAt > now().getTime()) ctx.state.session = session;
  else write(ctx, key, newSession(null, now().getTime()));
  await next();
};

/** A fresh session id at sign-in: a session id known before signing in is worth nothing after. */
export const signIn = (ctx: ApiContext, key: Buffer, projectId: string, now: Date): void =>
  write(ctx, key, newSession(projectId, now.getTime()));

export const signOut = (ctx: ApiContext, key: Buffer, now: Date): void => write(ctx, key, newSession(null, now.getTime()));

export function currentSession(ctx: ApiContext): Session {
  const s = ctx.state.session;
  if (!s) throw new Error('loadSession must run before this middleware');
  return s;
}
