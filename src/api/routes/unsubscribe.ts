import Router from '@koa/router';
import { DomainError } from '../../domain/errors';
import { unsubscribeByToken } from '../commands/unsubscribe';
import type { ApiContext, ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { STATUS_OF } from '../middleware/error-status';
import { input, validate } from '../middleware/validate';
import { unsubscribePage } from '../views/unsubscribe-page';
import { UnsubscribeSchema } from './unsubscribe.schema';

/**
 * The unsubscribe link of marketing emails, opened without signing in: `GET` from the email, and
 * `POST` for mail clients' one-click unsubscribe (`List-Unsubscribe-Post`). A bad link gets a page
 * that says so, never an error meant for developers.
 */
export function unsubscribeRoutes(deps: Pick<ApiDeps, 'keys' | 'profiles' | 'unsubscriptions'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/unsubscribe' });

  const handle = async (ctx: ApiContext) => {
    const { params } = input(ctx, UnsubscribeSchema);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    try {
      ctx.body = unsubscribePage({ nonce: ctx.state.cspNonce, done: await unsubscribeByToken(deps, params.token) });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'internal_error') throw err;
      ctx.status = STATUS_OF[err.code];
      ctx.body = unsubscribePage({ nonce: ctx.state.cspNonce, problem: err.message });
    }
  };

  router.get('/:token', validate(UnsubscribeSchema), handle);
  router.post('/:token', validate(UnsubscribeSchema), handle);
  return router;
}
