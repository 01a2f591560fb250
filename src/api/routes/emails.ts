import Router from '@koa/router';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentEmail } from '../presenters/email';
import { presentList } from '../presenters/list';
import { ListEmailsSchema } from './automations.schema';

/** The emails automations sent or kept in the outbox, newest first (of one profile or run when asked). */
export function emailRoutes(deps: Pick<ApiDeps, 'projects' | 'outbox'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/emails' });

  router.get('/', bearerAuth(deps.projects), validate(ListEmailsSchema), async (ctx) => {
    const { query } = input(ctx, ListEmailsSchema);
    const page = await deps.outbox.list(projectIdOf(ctx), query);
    ctx.body = presentList(page.data.map(presentEmail), page.nextCursor);
  });

  return router;
}
