import Router from '@koa/router';
import { rulePredicate } from '../../domain/segments';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentCustomer } from '../presenters/customer';
import { presentList } from '../presenters/list';
import { presentSegment } from '../presenters/segment';
import { SegmentMembersSchema } from './segments.schema';

/** Segments with their current member counts, and their members (evaluated at read time). */
export function segmentRoutes(deps: Pick<ApiDeps, 'projects' | 'profiles' | 'segments' | 'now'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/segments' });
  const auth = bearerAuth(deps.projects);

  router.get('/', auth, async (ctx) => {
    ctx.body = presentList((await deps.segments.list(projectIdOf(ctx))).map(presentSegment));
  });

  router.get('/:key/customers', auth, validate(SegmentMembersSchema), async (ctx) => {
    const { params, query } = input(ctx, SegmentMembersSchema);
    const projectId = projectIdOf(ctx);
    const segment = await deps.segments.get(projectId, params.key);
    const page = await deps.profiles.list(projectId, { ...query, segment: rulePredicate(segment.rule, deps.now()) });
    ctx.body = presentList(page.data.map(presentCustomer), page.nextCursor);
  });

  return router;
}
