import { randomUUID } from 'node:crypto';
import { withLogContext } from '../../logging/log-context';
import type { Logger } from '../../logging/logger';
import type { ApiMiddleware } from '../context';

const USABLE = /^[\w.:-]{8,64}$/;

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is sane), on every line logged
 * while it is handled (with its project and connection once known), and one access-log line. The
 * query string is not logged: OAuth codes travel there.
 */
export const requestId = (logger: Logger): ApiMiddleware => async (ctx, next) => {
  const incoming = ctx.get('x-request-id');
  const id = USABLE.test(incoming) ? incoming : randomUUID();
  ctx.state.requestId = id;
  ctx.state.log = logger;
  ctx.set('X-Request-Id', id);
  const started = performance.now();
  await withLogContext({ requestId: id }, async () => {
    try {
      await next();
    } finally {
      logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });
};
