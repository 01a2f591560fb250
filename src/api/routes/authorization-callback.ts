import type { ConnectionProvider } from '../../connect/provider';
import { DomainError } from '../../domain/errors';
import { connectStripe } from '../commands/connect-stripe';
import { issueOAuthState, redeemOAuthState, type ReturnedState, type StateFailure } from '../commands/oauth-state';
import type { ApiContext } from '../context';
import type { ApiDeps } from '../deps';
import { STATUS_OF } from '../middleware/error-status';
import { currentSession } from '../middleware/session';
import { messagePage } from '../views/message-page';
import { paths } from '../views/paths';
import { stateForStripe } from './stripe-oauth.schema';

/** A provider whose grant is an authorization code Stripe sent back (Connect OAuth, Stripe App). */
export type CodeProvider = ConnectionProvider<{ code: string }>;

/** What Stripe appends to the callback, as `CallbackSchema` parses it. */
export interface CallbackQuery {
  code?: string;
  state?: ReturnedState;
  error?: string;
  error_description?: string;
}

const REFUSED: Record<StateFailure, string> = {
  missing: 'Stripe sent us back without the state of this connection attempt.',
  forged: 'This link was not issued by this site.',
  unknown: 'This connection attempt is unknown.',
  other_session: 'This connection attempt was started in another browser session.',
  expired: 'This connection attempt took longer than 10 minutes and has expired.',
  used: 'This connection attempt has already been completed.',
};

/** A failed or refused attempt: a page that says so and leads back; nothing is stored. */
export function refuse(ctx: ApiContext, status: number, title: string, message: string, projectId: string | null): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = messagePage({
    nonce: ctx.state.cspNonce,
    title,
    message,
    tone: 'bad',
    backTo: projectId,
    // with no project known there is no link to offer: the way back is told instead
    footnote: projectId ? 'No Stripe account was connected.' : 'No Stripe account was connected. To connect, sign in to your project and open Settings → Integrations.',
  });
}

/** An info page instead of a redirect to Stripe, when the way of connecting is not configured. */
export function notConfigured(ctx: ApiContext, projectId: string, title: string, message: string): void {
  ctx.type = 'html';
  ctx.body = messagePage({ nonce: ctx.state.cspNonce, title, message, tone: 'info', backTo: projectId });
}

/** Sends the browser to Stripe with a new state bound to this project and session. */
export async function redirectWithState(ctx: ApiContext, deps: Pick<ApiDeps, 'oauthStates' | 'keys'>, projectId: string, to: (state: string) => string): Promise<void> {
  const state = await issueOAuthState(deps, projectId, currentSession(ctx).sid);
  ctx.redirect(to(stateForStripe(projectId, state)));
}

/**
 * The code for the project's connection: exchanged with Stripe, stored, synced, and back to
 * Settings; what Stripe refuses becomes a page leading to `backTo`.
 */
export async function connectWithCode(ctx: ApiContext, deps: ApiDeps, provider: CodeProvider, projectId: string, code: string): Promise<void> {
  try {
    const { created } = await connectStripe(deps, projectId, await provider.grant({ code }));
    ctx.status = 303;
    ctx.redirect(`${paths.settings(projectId)}?notice=${created ? 'connected' : 'reconnected'}`);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code === 'internal_error') throw err;
    refuse(ctx, STATUS_OF[err.code], 'Stripe did not complete the connection', err.message, projectId);
  }
}

/** Stripe's refusal (`error=…`), as a page. */
export function refuseStripeError(ctx: ApiContext, query: CallbackQuery, backTo: string | null): void {
  const declined = query.error === 'access_denied';
  refuse(ctx, declined ? 403 : 400, declined ? 'Connection declined' : 'Stripe could not connect the account',
    declined ? 'You declined the connection on Stripe\'s page.' : `Stripe answered: ${query.error_description ?? query.error}.`, backTo);
}

/**
 * The callback of an authorization started on our page: the state must be this session's, unused
 * and fresh (it is used up whatever follows), then the code is exchanged.
 */
export async function finishWithState(ctx: ApiContext, deps: ApiDeps, provider: CodeProvider, query: CallbackQuery): Promise<void> {
  const session = currentSession(ctx);
  const state = await redeemOAuthState(deps, query.state, session.sid);
  // a project named in the state itself is trusted for this link only, and after the session's own
  const backTo = state.ok ? state.projectId : (session.projectId ?? query.state?.projectId ?? null);

  if (query.error) return refuseStripeError(ctx, query, backTo);
  if (!state.ok) {
    return refuse(ctx, 400, 'This connection link is not valid', `${REFUSED[state.reason]} Please start again from the Integrations page.`, backTo);
  }
  if (!query.code) return refuse(ctx, 400, 'Stripe sent no authorization', 'Stripe returned without an authorization code.', backTo);
  await connectWithCode(ctx, deps, provider, state.projectId, query.code);
}
