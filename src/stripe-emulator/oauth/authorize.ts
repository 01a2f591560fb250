import type { ApiReply } from '../api/reply';
import type { FormObject } from '../form';
import type { EmulatorServices } from '../services';
import type { OAuthScope, Platform } from '../store/state';
import { approve } from './connect';
import { OAUTH_SCOPES, text } from './flows';
import { consentPage, errorPage } from './page';

export const html = (status: number, body: string): ApiReply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: Buffer.from(body),
});

function redirect(uri: string, params: Record<string, string>): ApiReply {
  const target = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return { status: 302, headers: { Location: target.toString() }, body: Buffer.alloc(0) };
}

interface AuthorizeRequest {
  platform: Platform;
  redirectUri: string;
  scope: OAuthScope;
  state: string;
  email: string;
}

/** Checks an authorize request; what cannot be sent back to the platform becomes an error page. */
export function readAuthorize(services: EmulatorServices, params: FormObject): AuthorizeRequest | ApiReply {
  const clientId = text(params.client_id);
  const platform = services.state.platformByClientId(clientId);
  if (!platform) return html(400, errorPage(clientId ? `No application matches the client_id '${clientId}'.` : 'Missing client_id.'));
  const responseType = text(params.response_type);
  if (responseType && responseType !== 'code') return html(400, errorPage(`Invalid response_type '${responseType}': only 'code' is supported.`));
  const redirectUri = text(params.redirect_uri) || platform.redirectUris[0];
  if (!redirectUri || !platform.redirectUris.includes(redirectUri)) {
    return html(400, errorPage(`Invalid redirect URI '${redirectUri ?? ''}'. Ensure this uri exactly matches one of the uris registered for ${platform.name}.`));
  }
  const stripeUser = params.stripe_user;
  const email = typeof stripeUser === 'object' && !Array.isArray(stripeUser) ? text(stripeUser.email) : '';
  return { platform, redirectUri, scope: (text(params.scope) || 'read_only') as OAuthScope, state: text(params.state), email };
}

export function decide(services: EmulatorServices, request: AuthorizeRequest, approved: boolean, accountId?: string): ApiReply {
  const { redirectUri, state, scope } = request;
  if (!approved) return redirect(redirectUri, { error: 'access_denied', error_description: 'The user denied your request', state });
  if (!OAUTH_SCOPES.includes(scope)) return redirect(redirectUri, { error: 'invalid_scope', error_description: `Invalid scope: ${scope}`, state });
  const { code } = approve(services, request.platform, { scope, email: request.email || null, accountId });
  return redirect(redirectUri, { code, scope, state });
}

/** `GET /oauth/authorize`: the consent page, or an immediate answer in the automatic modes. */
export function authorizePage(services: EmulatorServices, params: FormObject): ApiReply {
  const request = readAuthorize(services, params);
  if ('status' in request) return request;
  if (services.oauth.mode !== 'manual') return decide(services, request, services.oauth.mode === 'auto-approve');
  const next = services.oauth.nextAccount ? services.state.accounts.get(services.oauth.nextAccount) : undefined;
  return html(
    200,
    consentPage({
      platformName: request.platform.name,
      scope: request.scope,
      email: request.email,
      hidden: Object.fromEntries(['client_id', 'redirect_uri', 'scope', 'state', 'response_type'].map((k) => [k, text(params[k])])),
      accounts: [...services.state.accounts.values()].filter((a) => !services.state.platforms.has(a.id) && a !== next),
      defaultChoice: next ? `${next.businessName ?? next.id} (${next.id}, prepared for this approval)` : 'A new account (seeded with sample data)',
    }),
  );
}

