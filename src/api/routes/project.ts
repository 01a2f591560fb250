import Router from '@koa/router';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentProject } from '../presenters/project';
import { PatchProjectSchema } from './project.schema';

/** The calling project's settings: its alert email. */
export function projectRoutes(deps: Pick<ApiDeps, 'projects'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/project' });
  const auth = bearerAuth(deps.projects);

  router.get('/', auth, async (ctx) => {
    ctx.body = presentProject(await deps.projects.get(projectIdOf(ctx)));
  });

  router.patch('/', auth, validate(PatchProjectSchema), async (ctx) => {
    const { body } = input(ctx, PatchProjectSchema);
    ctx.body = presentProject(await deps.projects.setAlertEmail(projectIdOf(ctx), body.alertEmail));
  });

  return router;
}
