import type { ApiReply } from '../api/reply';
import type { FormObject } from '../form';
import type { EmulatorServices } from '../services';
import type { AccountProfile } from '../store/account';
import type { OAuthScope, Platform } from '../store/state';
import { approve } from './connect';
import { OAUTH_SCOPES, text } from './flows';
import { consentPage, errorPage } from './page';

export const html = (status: number, body: string): ApiReply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: Buffer.from(body),
});

export function redirect(uri: string, params: Record<string, string>): ApiReply {
  const target = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return { status: 302, headers: { Location: target.toString() }, body: Buffer.alloc(0) };
}

/** Who may send users to an authorize page: a Connect platform or a Stripe App. */
export interface OAuthClient {
  name: string;
  redirectUris: string[];
}

/** An authorize (or App install) request, checked against the client's registration. */
export interface AuthorizeRequest<C extends OAuthClient> {
  client: C;
  redirectUri: string;
  scope: string;
  /** '' when the link carried none (an App install started in Stripe) */
  state: string;
  email: string;
}

/** The form fields an authorize page carries through its consent form. */
export const CARRIED_PARAMS = ['client_id', 'redirect_uri', 'scope', 'state', 'response_type'] as const;

/** Checks an authorize request; what cannot be sent back to the client becomes an error page. */
export function readAuthorize<C extends OAuthClient>(params: FormObject, lookup: (clientId: string) => C | undefined): AuthorizeRequest<C> | ApiReply {
  const clientId = text(params.client_id);
  const client = lookup(clientId);
  if (!client) return html(400, errorPage(clientId ? `No application matches the client_id '${clientId}'.` : 'Missing client_id.'));
  const responseType = text(params.response_type);
  if (responseType && responseType !== 'code') return html(400, errorPage(`Invalid response_type '${responseType}': only 'code' is supported.`));
  const redirectUri = text(params.redirect_uri) || client.redirectUris[0];
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return html(400, errorPage(`Invalid redirect URI '${redirectUri ?? ''}'. Ensure this uri exactly matches one of the uris registered for ${client.name}.`));
  }
  const stripeUser = params.stripe_user;
  const email = typeof stripeUser === 'object' && !Array.isArray(stripeUser) ? text(stripeUser.email) : '';
  return { client, redirectUri, scope: text(params.scope), state: text(params.state), email };
}

/** Back to the client: `access_denied` on refusal, else the code `issue` makes (and the state, when there was one). */
export function answer<C extends OAuthClient>(request: AuthorizeRequest<C>, approved: boolean, issue: () => Record<string, string>): ApiReply {
  const { redirectUri, state } = request;
  if (!approved) return redirect(redirectUri, { error: 'access_denied', error_description: 'The user denied your request', state });
  return redirect(redirectUri, { ...issue(), state });
}

const connectRequest = (services: EmulatorServices, params: FormObject) =>
  readAuthorize<Platform>(params, (clientId) => services.state.platformByClientId(clientId));

export function decide(services: EmulatorServices, request: AuthorizeRequest<Platform>, approved: boolean, accountId?: string): ApiReply {
  const scope = (request.scope || 'read_only') as OAuthScope;
  if (approved && !OAUTH_SCOPES.includes(scope)) {
    return redirect(request.redirectUri, { error: 'invalid_scope', error_description: `Invalid scope: ${scope}`, state: request.state });
  }
  return answer(request, approved, () => {
    const { code } = approve(services, request.client, { scope, email: request.email || null, accountId });
    return { code, scope };
  });
}

/** A page's answer, or (in the automatic modes) the decision made at once. */
export function consentOrDecide(services: EmulatorServices, decideNow: (approved: boolean) => ApiReply, page: (defaultChoice: string, accounts: AccountProfile[]) => string): ApiReply {
  if (services.oauth.mode !== 'manual') return decideNow(services.oauth.mode === 'auto-approve');
  const next = services.oauth.nextAccount ? services.state.accounts.get(services.oauth.nextAccount) : undefined;
  const defaultChoice = next ? `${next.businessName ?? next.id} (${next.id}, prepared for this approval)` : 'A new account (seeded with sample data)';
  return html(200, page(defaultChoice, otherAccounts(services, next?.id)));
}

/** The accounts a user may pick on a consent page: any but platforms and the prepared one. */
const otherAccounts = (services: EmulatorServices, prepared: string | undefined): AccountProfile[] =>
  [...services.state.accounts.values()].filter((a) => !services.state.platforms.has(a.id) && a.id !== prepared);

/** The form fields a consent page carries, as they came. */
export const carried = (params: FormObject): Record<string, string> => Object.fromEntries(CARRIED_PARAMS.map((k) => [k, text(params[k])]));

/** `GET /oauth/authorize`: the consent page, or an immediate answer in the automatic modes. */
export function authorizePage(services: EmulatorServices, params: FormObject): ApiReply {
  const request = connectRequest(services, params);
  if ('status' in request) return request;
  return consentOrDecide(services, (approved) => decide(services, request, approved), (defaultChoice, accounts) =>
    consentPage({
      action: '/oauth/authorize',
      title: `Connect to ${request.client.name}`,
      clientName: request.client.name,
      asks: 'wants to connect to your Stripe account',
      access: request.scope || 'read_only',
      approveLabel: 'Connect',
      email: request.email,
      hidden: carried(params),
      accounts,
      defaultChoice,
    }),
  );
}

/** `POST /oauth/authorize`: the consent form's decision. */
export function authorizeDecision(services: EmulatorServices, params: FormObject): ApiReply {
  const request = connectRequest(services, params);
  if ('status' in request) return request;
  return decide(services, request, text(params.decision) === 'approve', text(params.account) || undefined);
}
