import Router from '@koa/router';
import type { ApiContext, ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { signIn, signOut } from '../middleware/session';
import { input, validate } from '../middleware/validate';
import { loginPage } from '../views/login-page';
import { paths } from '../views/paths';
import { LoginPageSchema, LoginSchema } from './session.schema';

/** Only a page of the same project may be the destination after sign-in (no open redirect). */
export const safeNext = (projectId: string, next: string | undefined): string =>
  next && next.startsWith(`/projects/${encodeURIComponent(projectId)}/`) && !/[\\]|\/\//.test(next) ? next : paths.settings(projectId);

/** Sign-in to the pages with the project's API key, and sign-out. */
export function sessionRoutes(deps: Pick<ApiDeps, 'projects' | 'keys' | 'now'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId' });
  const csrf = verifyCsrf(deps.keys.csrf);
  const render = async (ctx: ApiContext, projectId: string, props: { next?: string; error?: string }) => {
    const project = await deps.projects.get(projectId);
    ctx.type = 'html';
    ctx.body = loginPage({ nonce: ctx.state.cspNonce, csrf: csrfToken(ctx, deps.keys.csrf), project, ...props });
  };

  router.get('/', (ctx) => ctx.redirect(paths.settings(ctx.params.projectId!)));

  router.get('/login', validate(LoginPageSchema), async (ctx) => {
    const { params, query } = input(ctx, LoginPageSchema);
    await render(ctx, params.projectId, { next: query.next });
  });

  router.post('/login', csrf, validate(LoginSchema), async (ctx) => {
    const { params, body } = input(ctx, LoginSchema);
    const owner = body.apiKey ? await deps.projects.findByApiKey(body.apiKey) : undefined;
    if (owner?.id !== params.projectId) {
      await render(ctx, params.projectId, { next: body.next, error: 'That API key does not open this project.' });
      ctx.status = 401;
      return;
    }
    signIn(ctx, deps.keys.session, owner.id, deps.now());
    ctx.status = 303;
    ctx.redirect(safeNext(owner.id, body.next));
  });

  router.post('/logout', csrf, (ctx) => {
    signOut(ctx, deps.keys.session, deps.now());
    ctx.status = 303;
    ctx.redirect(paths.login(ctx.params.projectId!));
  });

  return router;
}
