import { DomainError, type ErrorCode } from '../../domain/errors';
import type { ApiContext, ApiMiddleware } from '../context';
import { errorPage } from '../views/error-page';
import { codeOfStatus, STATUS_OF } from './error-status';

interface Described {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

const GENERIC = 'Something went wrong on our side. Please try again; if it persists, contact support with the request id.';

function describe(err: unknown): Described {
  if (err instanceof DomainError) {
    return { status: STATUS_OF[err.code], code: err.code, message: err.message, details: err.details };
  }
  const http = err as { status?: number; expose?: boolean; message?: string };
  if (typeof http.status === 'number' && http.status >= 400 && http.status < 500 && http.expose) {
    return { status: http.status, code: codeOfStatus(http.status), message: http.message ?? 'Bad request' };
  }
  return { status: 500, code: 'internal_error', message: GENERIC };
}

const PROJECT_PATH = /^\/projects\/([\w-]{1,64})(?:\/|$)/;

/** The project an erroring page was about: the one in its path, else the session's. */
const projectOfPage = (ctx: ApiContext): string | null =>
  PROJECT_PATH.exec(ctx.path)?.[1] ?? ctx.state.session?.projectId ?? null;

/** Pages get an HTML error page; the JSON API, webhooks, health and script requests get `{error}`. */
export const wantsHtml = (ctx: ApiContext): boolean =>
  !ctx.path.startsWith('/api/') && !ctx.path.startsWith('/webhooks/') && ctx.path !== '/healthz' && ctx.accepts('html', 'json') === 'html';

/**
 * Every error leaves as `{"error": {"code", "message", "requestId"}}` (or an HTML page); unknown
 * errors are logged and hidden behind a generic 500.
 */
export const errorHandler = (): ApiMiddleware => async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    const e = describe(err);
    if (e.status >= 500) ctx.state.log.error({ err }, 'request failed');
    else ctx.state.log.info({ code: e.code, status: e.status }, e.message);
    ctx.status = e.status;
    if (wantsHtml(ctx)) {
      ctx.type = 'html';
      ctx.body = errorPage({ status: e.status, message: e.message, requestId: ctx.state.requestId, nonce: ctx.state.cspNonce, projectId: projectOfPage(ctx) });
    } else {
      ctx.body = { error: { code: e.code, message: e.message, requestId: ctx.state.requestId, ...(e.details ? { details: e.details } : {}) } };
    }
  }
};

/** Unmatched routes answer like every other error. */
export const notFoundFallback = (): ApiMiddleware => async (ctx, next) => {
  await next();
  if (ctx.status === 404 && ctx.body === undefined) throw new DomainError('not_found', `No route for ${ctx.method} ${ctx.path}`);
};
