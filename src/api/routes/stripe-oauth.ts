import Router from '@koa/router';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { paths } from '../views/paths';
import { finishWithState, notConfigured, redirectWithState } from './authorization-callback';
import { CallbackSchema, ConnectSchema } from './stripe-oauth.schema';

/** Connect with Stripe: the redirect to Stripe's authorize page and the callback that finishes it. */
export function stripeOAuthRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  const redirectUri = `${deps.config.appUrl}${paths.oauthCallback}`;

  router.get('/projects/:projectId/integrations/stripe/connect', requireSession(deps.projects), validate(ConnectSchema), async (ctx) => {
    const projectId = projectIdOf(ctx);
    if (!deps.oauth.configured) {
      return notConfigured(ctx, projectId, 'Connect with Stripe is not configured',
        'This server has no Stripe Connect platform configured (STRIPE_CLIENT_ID and STRIPE_SECRET_KEY). Connect with a restricted API key on the Integrations page instead.');
    }
    await redirectWithState(ctx, deps, projectId, (state) => deps.oauth.authorizeUrl({ state, redirectUri }));
  });

  router.get(paths.oauthCallback, validate(CallbackSchema), async (ctx) => {
    await finishWithState(ctx, deps, deps.oauth, input(ctx, CallbackSchema).query);
  });

  return router;
}
