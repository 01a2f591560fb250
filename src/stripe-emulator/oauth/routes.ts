import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey } from '../api/auth';
import { jsonReply, type ApiReply } from '../api/reply';
import { ControlError, OAuthError, StripeApiError } from '../errors';
import { parseForm, type FormObject } from '../form';
import { newSecret, redactKey } from '../ids';
import { READ_PERMISSIONS } from '../permissions';
import type { EmulatorServices } from '../services';
import type { OAuthScope, Platform } from '../store/state';
import { approve, disconnect } from './connect';
import { consentPage, errorPage } from './page';

export interface OAuthRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

const SCOPES: readonly OAuthScope[] = ['read_only', 'read_write'];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const html = (status: number, body: string): ApiReply => ({
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
function readAuthorize(services: EmulatorServices, params: FormObject): AuthorizeRequest | ApiReply {
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

function decide(services: EmulatorServices, request: AuthorizeRequest, approved: boolean, accountId?: string): ApiReply {
  const { redirectUri, state, scope } = request;
  if (!approved) return redirect(redirectUri, { error: 'access_denied', error_description: 'The user denied your request', state });
  if (!SCOPES.includes(scope)) return redirect(redirectUri, { error: 'invalid_scope', error_description: `Invalid scope: ${scope}`, state });
  const { code } = approve(services, request.platform, { scope, email: request.email || null, accountId });
  return redirect(redirectUri, { code, scope, state });
}

/** `GET /oauth/authorize`: the consent page, or an immediate answer in the automatic modes. */
function authorizePage(services: EmulatorServices, params: FormObject): ApiReply {
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

/** The platform a token or deauthorize call comes from: its secret key as bearer or `client_secret`. */
function callingPlatform(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): Platform {
  const secret = presentedKey(headers) ?? text(input.client_secret);
  if (!secret) {
    throw new OAuthError(401, 'invalid_client', 'No authentication was provided. Send your secret API key using the Authorization header, or as a client_secret POST parameter.');
  }
  const key = services.state.keys.find(secret);
  const platform = key && key.kind === 'secret' && !key.grantedTo ? services.state.platforms.get(key.accountId) : undefined;
  if (!key || key.revoked) throw new OAuthError(401, 'invalid_client', `Invalid API Key provided: ${redactKey(secret)}`);
  if (!platform) throw new OAuthError(401, 'invalid_client', `The API key ${redactKey(secret)} does not belong to a Connect platform.`);
  return platform;
}

function issueToken(services: EmulatorServices, platform: Platform, accountId: string, scope: OAuthScope, livemode: boolean, refreshToken: string) {
  const { keys } = services.state;
  const access = keys.create({
    kind: 'secret',
    accountId,
    livemode,
    permissions: scope === 'read_write' ? 'all' : READ_PERMISSIONS,
    grantedTo: platform.accountId,
  });
  const publishable =
    keys.all().find((k) => k.kind === 'publishable' && k.accountId === accountId && k.livemode === livemode) ??
    keys.create({ kind: 'publishable', accountId, livemode, permissions: [] });
  return {
    access_token: access.secret,
    livemode,
    refresh_token: refreshToken,
    scope,
    stripe_publishable_key: publishable.secret,
    stripe_user_id: accountId,
    token_type: 'bearer',
  };
}

/** `POST /oauth/token`: a single-use, five-minute code (or a refresh token) for an access token. */
function token(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiReply {
  const platform = callingPlatform(services, headers, input);
  const grantType = text(input.grant_type);
  const { state } = services;
  if (grantType === 'authorization_code') {
    const code = text(input.code);
    if (!code) throw new OAuthError(400, 'invalid_request', 'No authorization code provided');
    const grant = services.oauth.codes.get(code);
    if (!grant || grant.platformId !== platform.accountId) throw new OAuthError(400, 'invalid_grant', `Authorization code does not exist: ${code}`);
    if (grant.issued) {
      for (const secret of grant.issued) state.keys.find(secret)!.revoked = true;
      throw new OAuthError(400, 'invalid_grant', 'Authorization code provided has already been used. All tokens issued with this code have been revoked.');
    }
    if (Date.now() > grant.expiresAt) throw new OAuthError(400, 'invalid_grant', `Authorization code expired: ${code}`);
    const refresh = newSecret('rt_');
    state.refreshTokens.set(refresh, { token: refresh, platformId: platform.accountId, accountId: grant.accountId, scope: grant.scope, livemode: grant.livemode });
    const body = issueToken(services, platform, grant.accountId, grant.scope, grant.livemode, refresh);
    grant.issued = [body.access_token];
    state.changed();
    return jsonReply(body);
  }
  if (grantType === 'refresh_token') {
    const refresh = text(input.refresh_token);
    const grant = state.refreshTokens.get(refresh);
    if (!grant || grant.revoked || grant.platformId !== platform.accountId) throw new OAuthError(400, 'invalid_grant', `Invalid refresh token: ${refresh}`);
    const scope = (text(input.scope) || grant.scope) as OAuthScope;
    if (!SCOPES.includes(scope) || (grant.scope === 'read_only' && scope === 'read_write')) {
      throw new OAuthError(400, 'invalid_scope', `Invalid scope: ${scope}`);
    }
    state.changed();
    return jsonReply(issueToken(services, platform, grant.accountId, scope, grant.livemode, refresh));
  }
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'No grant type specified');
  throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
}

/** `POST /oauth/deauthorize`: disconnects an account from the calling platform. */
function deauthorize(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiReply {
  const platform = callingPlatform(services, headers, input);
  const clientId = text(input.client_id);
  if (clientId !== platform.clientId) throw new OAuthError(401, 'invalid_client', `No such application: '${clientId}'`);
  const accountId = text(input.stripe_user_id);
  if (!accountId) throw new OAuthError(400, 'invalid_request', 'No stripe_user_id provided');
  const account = services.state.account(accountId, services.state.accounts.get(platform.accountId)?.livemode);
  if (!account || !platform.connected.has(accountId)) {
    throw new OAuthError(401, 'invalid_client', `This application is not connected to stripe account ${accountId}, or that account does not exist.`);
  }
  disconnect(services, platform, account);
  return jsonReply({ stripe_user_id: accountId });
}

/** Connect OAuth (`/oauth/…`); undefined when the path is not one of its routes. */
export function handleOAuth(services: EmulatorServices, request: OAuthRequest): ApiReply | undefined {
  const { method, url, headers } = request;
  const input = parseForm(method === 'POST' ? request.body : url.search.slice(1));
  try {
    if (url.pathname === '/oauth/authorize' && method === 'GET') return authorizePage(services, input);
    if (url.pathname === '/oauth/authorize' && method === 'POST') {
      const authorize = readAuthorize(services, input);
      if ('status' in authorize) return authorize;
      return decide(services, authorize, text(input.decision) === 'approve', text(input.account) || undefined);
    }
    if (url.pathname === '/oauth/token' && method === 'POST') return token(services, headers, input);
    if (url.pathname === '/oauth/deauthorize' && method === 'POST') return deauthorize(services, headers, input);
    return undefined;
  } catch (error) {
    if (error instanceof OAuthError) return jsonReply(error.toBody(), error.status);
    if (error instanceof ControlError) return html(error.status, errorPage(error.message));
    if (error instanceof StripeApiError) return jsonReply(error.toBody(), error.status);
    throw error;
  }
}
