import Router from '@koa/router';
import type { SessionBoundFailure } from '../../db/session-bound';
import { projectIdOf, type ApiContext, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { requireSession } from '../middleware/require-session';
import { currentSession, signIn } from '../middleware/session';
import { input, validate } from '../middleware/validate';
import { appInstallPage } from '../views/app-install-page';
import { paths } from '../views/paths';
import { connectWithCode, finishWithState, notConfigured, redirectWithState, refuse } from './authorization-callback';
import { FinishPageSchema, FinishSchema, InstallSchema } from './stripe-app.schema';
import { CallbackSchema } from './stripe-oauth.schema';

const PENDING_REFUSED: Record<SessionBoundFailure, string> = {
  unknown: 'This App install is unknown.',
  other_session: 'This App install belongs to another browser session (signing in starts a new one).',
  expired: 'This App install waited more than 5 minutes, and Stripe\'s authorization has expired.',
  used: 'This App install has already been completed.',
};

/**
 * The Stripe App install, both ways in. From Settings: "Install the Stripe App" sends the browser
 * to Stripe with a state, and the callback finishes as for Connect OAuth. From Stripe (Marketplace
 * or Dashboard): the callback has a code and no state, so the code waits (bound to this browser)
 * while the user signs in and chooses the project; only then is it exchanged.
 */
export function stripeAppRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  const redirectUri = `${deps.config.appUrl}${paths.appCallback}`;
  const csrf = verifyCsrf(deps.keys.csrf);

  router.get('/projects/:projectId/integrations/stripe/app', requireSession(deps.projects), validate(InstallSchema), async (ctx) => {
    const projectId = projectIdOf(ctx);
    if (!deps.app.configured) {
      return notConfigured(ctx, projectId, 'The Stripe App is not configured',
        'This server has no Stripe App configured (STRIPE_APP_CLIENT_ID and STRIPE_SECRET_KEY). Connect with Stripe or with a restricted API key on the Integrations page instead.');
    }
    await redirectWithState(ctx, deps, projectId, (state) => deps.app.installUrl({ state, redirectUri }));
  });

  router.get(paths.appCallback, validate(CallbackSchema), async (ctx) => {
    const { query } = input(ctx, CallbackSchema);
    if (query.state || query.error || !query.code) return finishWithState(ctx, deps, deps.app, query);
    const installId = await deps.pendingInstalls.create(currentSession(ctx).sid, query.code);
    ctx.status = 303;
    ctx.redirect(paths.appFinishPage(installId));
  });

  /** The finish page, for the signed-in project (if any) or a sign-in. */
  const render = async (ctx: ApiContext, installId: string, error?: string) => {
    const signedIn = currentSession(ctx).projectId;
    ctx.type = 'html';
    ctx.body = appInstallPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      installId,
      project: (signedIn && (await deps.projects.find(signedIn))) || null,
      error,
    });
  };
  const refusePending = (ctx: ApiContext, reason: SessionBoundFailure) =>
    refuse(ctx, 400, 'This App install cannot be finished', `${PENDING_REFUSED[reason]} Install the App again from Stripe.`, currentSession(ctx).projectId);

  router.get(paths.appFinish, validate(FinishPageSchema), async (ctx) => {
    const { query } = input(ctx, FinishPageSchema);
    const pending = await deps.pendingInstalls.check(query.install, currentSession(ctx).sid);
    if (!pending.ok) return refusePending(ctx, pending.reason);
    await render(ctx, query.install);
  });

  router.post(paths.appFinish, csrf, validate(FinishSchema), async (ctx) => {
    const { body } = input(ctx, FinishSchema);
    const session = currentSession(ctx);
    const project = body.apiKey ? await deps.projects.findByApiKey(body.apiKey) : undefined;
    const projectId = body.apiKey ? project?.id : body.projectId === session.projectId ? body.projectId : undefined;
    if (!projectId) {
      ctx.status = 401;
      return render(ctx, body.install, body.apiKey ? 'That API key opens no project.' : 'Sign in to the project first.');
    }
    const pending = await deps.pendingInstalls.consume(body.install, session.sid);
    if (!pending.ok) return refusePending(ctx, pending.reason);
    // a fresh session for the project signed in to (the pending install was bound to the old one)
    if (body.apiKey) signIn(ctx, deps.keys.session, projectId, deps.now());
    await connectWithCode(ctx, deps, deps.app, projectId, pending.code);
  });

  return router;
}
