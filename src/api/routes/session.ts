import Router from '@koa/router';
import type { ApiContext, ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { signIn, signOut } from '../middleware/session';
import { input, validate } from '../middleware/validate';
import { DomainError } from '../../domain/errors';
import { createAttemptLimiter } from '../security/attempt-limiter';
import { loginPage } from '../views/login-page';
import { paths } from '../views/paths';
import { LoginPageSchema, LoginSchema } from './session.schema';

/** Only a page of the same project may be the destination after sign-in (no open redirect). */
export const safeNext = (projectId: string, next: string | undefined): string =>
  next && next.startsWith(`/projects/${encodeURIComponent(projectId)}/`) && !/[\\]|\/\//.test(next) ? next : paths.settings(projectId);

/**
 * Failed sign-ins allowed per client address, and per project from all addresses together (a
 * guesser with many addresses), in 15 minutes. API keys carry 238 bits, so this is about noise and
 * cost rather than the odds of a guess.
 */
export const SIGN_IN_LIMITS = {
  perAddress: { limit: 10, windowMs: 15 * 60_000 },
  perProject: { limit: 50, windowMs: 15 * 60_000 },
};

const attemptKeys = (ctx: ApiContext, projectId: string) => ({
  [`address:${ctx.ip}`]: SIGN_IN_LIMITS.perAddress,
  [`project:${projectId}`]: SIGN_IN_LIMITS.perProject,
});

/** Sign-in to the pages with the project's API key, and sign-out. */
export function sessionRoutes(deps: Pick<ApiDeps, 'projects' | 'keys' | 'now'>): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId' });
  const csrf = verifyCsrf(deps.keys.csrf);
  const attempts = createAttemptLimiter(() => deps.now().getTime());
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
    const keys = attemptKeys(ctx, params.projectId);
    const waitSeconds = attempts.retryAfterSeconds(keys);
    if (waitSeconds > 0) {
      ctx.set('Retry-After', String(waitSeconds));
      throw new DomainError('rate_limited', `Too many sign-in attempts. Nothing was checked; try again in ${Math.ceil(waitSeconds / 60)} minute(s).`, { retryAfterSeconds: waitSeconds });
    }
    const owner = body.apiKey ? await deps.projects.findByApiKey(body.apiKey) : undefined;
    if (owner?.id !== params.projectId) {
      attempts.recordFailure(keys);
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
