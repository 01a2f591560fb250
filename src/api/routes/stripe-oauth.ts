import Router from '@koa/router';
import { DomainError } from '../../domain/errors';
import { connectStripe } from '../commands/connect-stripe';
import { issueOAuthState, redeemOAuthState, type StateFailure } from '../commands/oauth-state';
import { projectIdOf, type ApiContext, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { STATUS_OF } from '../middleware/error-status';
import { requireSession } from '../middleware/require-session';
import { currentSession } from '../middleware/session';
import { input, validate } from '../middleware/validate';
import { messagePage } from '../views/message-page';
import { paths } from '../views/paths';
import { CallbackSchema, ConnectSchema, stateForStripe } from './stripe-oauth.schema';

const REFUSED: Record<StateFailure, string> = {
  missing: 'Stripe sent us back without the state of this connection attempt.',
  forged: 'This link was not issued by this site.',
  unknown: 'This connection attempt is unknown.',
  other_session: 'This connection attempt was started in another browser session.',
  expired: 'This connection attempt took longer than 10 minutes and has expired.',
  used: 'This connection attempt has already been completed.',
};

/** Connect with Stripe: the redirect to Stripe's authorize page and the callback that finishes it. */
export function stripeOAuthRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>();
  const redirectUri = `${deps.config.appUrl}${paths.oauthCallback}`;

  /** A failed or refused attempt: a page that says so and leads back; nothing is stored. */
  const refuse = (ctx: ApiContext, status: number, title: string, message: string, projectId: string | null) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = messagePage({
      nonce: ctx.state.cspNonce,
      title,
      message,
      tone: 'bad',
      backTo: projectId,
      footnote: 'No Stripe account was connected.',
    });
  };

  router.get('/projects/:projectId/integrations/stripe/connect', requireSession(deps.projects), validate(ConnectSchema), async (ctx) => {
    const projectId = projectIdOf(ctx);
    if (!deps.oauth.configured) {
      ctx.type = 'html';
      ctx.body = messagePage({
        nonce: ctx.state.cspNonce,
        title: 'Connect with Stripe is not configured',
        message: 'This server has no Stripe Connect platform configured (STRIPE_CLIENT_ID and STRIPE_SECRET_KEY). Connect with a restricted API key on the Integrations page instead.',
        tone: 'info',
        backTo: projectId,
      });
      return;
    }
    const state = await issueOAuthState(deps, projectId, currentSession(ctx).sid);
    ctx.redirect(deps.oauth.authorizeUrl({ state: stateForStripe(projectId, state), redirectUri }));
  });

  router.get(paths.oauthCallback, validate(CallbackSchema), async (ctx) => {
    const { query } = input(ctx, CallbackSchema);
    const session = currentSession(ctx);
    const state = await redeemOAuthState(deps, query.state?.signed, session.sid);
    // a project named in the state itself is trusted for this link only, and after the session's own
    const backTo = state.ok ? state.projectId : (session.projectId ?? query.state?.projectId ?? null);

    if (query.error) {
      const declined = query.error === 'access_denied';
      return refuse(ctx, declined ? 403 : 400, declined ? 'Connection declined' : 'Stripe could not connect the account',
        declined ? 'You declined the connection on Stripe\'s page.' : `Stripe answered: ${query.error_description ?? query.error}.`, backTo);
    }
    if (!state.ok) {
      return refuse(ctx, 400, 'This connection link is not valid', `${REFUSED[state.reason]} Please start again from the Integrations page.`, backTo);
    }
    if (!query.code) return refuse(ctx, 400, 'Stripe sent no authorization', 'Stripe returned without an authorization code.', backTo);

    try {
      const { created } = await connectStripe(deps, state.projectId, await deps.oauth.grant({ code: query.code }));
      ctx.status = 303;
      ctx.redirect(`${paths.settings(state.projectId)}?notice=${created ? 'connected' : 'reconnected'}`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'internal_error') throw err;
      refuse(ctx, STATUS_OF[err.code], 'Stripe did not complete the connection', err.message, backTo);
    }
  });

  return router;
}
