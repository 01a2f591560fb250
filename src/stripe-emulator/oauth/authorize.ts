import type { ApiReply } from '../api/reply';
import type { FormObject } from '../form';
import type { EmulatorServices } from '../services';
import type { AccountProfile } from '../store/account';
import type { OAuthScope, Platform } from '../store/state';
import { approve } from './connect';
import { OAUTH_SCOPES, text } from './flows';
import { consentPage, errorPage, type ConsentPage } from './page';

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
const CARRIED_PARAMS = ['client_id', 'redirect_uri', 'scope', 'state', 'response_type'] as const;

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

/** What a consent page says: the parts that differ between Connect's authorize page and an App's install page. */
export type ConsentWording = Pick<ConsentPage, 'action' | 'title' | 'clientName' | 'asks' | 'access' | 'approveLabel'>;

export interface ConsentFlow<C extends OAuthClient> {
  lookup(services: EmulatorServices, clientId: string): C | undefined;
  decide(services: EmulatorServices, request: AuthorizeRequest<C>, approved: boolean, accountId?: string): ApiReply;
  wording(request: AuthorizeRequest<C>): ConsentWording;
}

/** The accounts a user may pick on a consent page: any but platforms and the prepared one. */
const otherAccounts = (services: EmulatorServices, prepared: string | undefined): AccountProfile[] =>
  [...services.state.accounts.values()].filter((a) => !services.state.platforms.has(a.id) && a.id !== prepared);

/**
 * A consent flow's two routes: `GET` shows the page (or, in the automatic modes, decides at once),
 * `POST` takes the page's decision. The page carries the request's parameters through its form.
 */
export function consentRoutes<C extends OAuthClient>(flow: ConsentFlow<C>) {
  const read = (services: EmulatorServices, params: FormObject) => readAuthorize<C>(params, (clientId) => flow.lookup(services, clientId));
  return {
    page(services: EmulatorServices, params: FormObject): ApiReply {
      const request = read(services, params);
      if ('status' in request) return request;
      const { oauth, state } = services;
      if (oauth.mode !== 'manual') return flow.decide(services, request, oauth.mode === 'auto-approve');
      const next = oauth.nextAccount ? state.accounts.get(oauth.nextAccount) : undefined;
      return html(200, consentPage({
        ...flow.wording(request),
        email: request.email,
        hidden: Object.fromEntries(CARRIED_PARAMS.map((k) => [k, text(params[k])])),
        accounts: otherAccounts(services, next?.id),
        defaultChoice: next ? `${next.businessName ?? next.id} (${next.id}, prepared for this approval)` : 'A new account (seeded with sample data)',
      }));
    },
    decision(services: EmulatorServices, params: FormObject): ApiReply {
      const request = read(services, params);
      if ('status' in request) return request;
      return flow.decide(services, request, text(params.decision) === 'approve', text(params.account) || undefined);
    },
  };
}

/** `/oauth/authorize`: Connect's consent page and its decision. */
export const connectConsent = consentRoutes<Platform>({
  lookup: (services, clientId) => services.state.platformByClientId(clientId),
  decide,
  wording: (request) => ({
    action: '/oauth/authorize',
    title: `Connect to ${request.client.name}`,
    clientName: request.client.name,
    asks: 'wants to connect to your Stripe account',
    access: request.scope || 'read_only',
    approveLabel: 'Connect',
  }),
});
