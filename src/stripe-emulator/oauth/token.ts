import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey } from '../api/auth';
import { jsonReply, type ApiReply } from '../api/reply';
import { OAuthError } from '../errors';
import type { FormObject } from '../form';
import { newSecret, redactKey } from '../ids';
import { READ_PERMISSIONS } from '../permissions';
import type { EmulatorServices } from '../services';
import type { ApiKey } from '../store/keys';
import type { GrantScope, OAuthScope, Platform } from '../store/state';
import { disconnect } from './connect';
import { OAUTH_SCOPES, text } from './flows';

/** The secret key a token or deauthorize call is made with: as bearer, or as `client_secret`. */
export function callingSecretKey(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiKey {
  const secret = presentedKey(headers) ?? text(input.client_secret);
  if (!secret) {
    throw new OAuthError(401, 'invalid_client', 'No authentication was provided. Send your secret API key using the Authorization header, or as a client_secret POST parameter.');
  }
  const key = services.state.keys.find(secret);
  if (!key || key.revoked) throw new OAuthError(401, 'invalid_client', `Invalid API Key provided: ${redactKey(secret)}`);
  return key;
}

/** An account's own full secret key: not a restricted key, not a token obtained through OAuth. */
export const isOwnSecretKey = (key: ApiKey): boolean => key.kind === 'secret' && !key.grantedTo;

/** The platform a Connect token or deauthorize call comes from. */
function callingPlatform(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): Platform {
  const key = callingSecretKey(services, headers, input);
  const platform = isOwnSecretKey(key) ? services.state.platforms.get(key.accountId) : undefined;
  if (!platform) throw new OAuthError(401, 'invalid_client', `The API key ${redactKey(key.secret)} does not belong to a Connect platform.`);
  return platform;
}

/** The account's publishable key of that mode, made on first use. */
export function publishableKeyOf(services: EmulatorServices, accountId: string, livemode: boolean): string {
  const { keys } = services.state;
  const key =
    keys.all().find((k) => k.kind === 'publishable' && k.accountId === accountId && k.livemode === livemode) ??
    keys.create({ kind: 'publishable', accountId, livemode, permissions: [] });
  return key.secret;
}

function issueToken(services: EmulatorServices, platform: Platform, accountId: string, scope: GrantScope, livemode: boolean, refreshToken: string) {
  const access = services.state.keys.create({
    kind: 'secret',
    accountId,
    livemode,
    permissions: scope === 'read_write' ? 'all' : READ_PERMISSIONS,
    grantedTo: platform.accountId,
  });
  return {
    access_token: access.secret,
    livemode,
    refresh_token: refreshToken,
    scope,
    stripe_publishable_key: publishableKeyOf(services, accountId, livemode),
    stripe_user_id: accountId,
    token_type: 'bearer',
  };
}

/** `POST /oauth/token`: a single-use, five-minute code (or a refresh token) for an access token. */
export function token(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiReply {
  const platform = callingPlatform(services, headers, input);
  const grantType = text(input.grant_type);
  const { state } = services;
  if (grantType === 'authorization_code') {
    const code = text(input.code);
    if (!code) throw new OAuthError(400, 'invalid_request', 'No authorization code provided');
    const grant = services.oauth.codes.get(code);
    if (!grant || grant.platformId !== platform.accountId || grant.app) throw new OAuthError(400, 'invalid_grant', `Authorization code does not exist: ${code}`);
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
    if (!grant || grant.revoked || grant.platformId !== platform.accountId || grant.app) throw new OAuthError(400, 'invalid_grant', `Invalid refresh token: ${refresh}`);
    const scope = (text(input.scope) || grant.scope) as OAuthScope;
    if (!OAUTH_SCOPES.includes(scope) || (grant.scope === 'read_only' && scope === 'read_write')) {
      throw new OAuthError(400, 'invalid_scope', `Invalid scope: ${scope}`);
    }
    state.changed();
    return jsonReply(issueToken(services, platform, grant.accountId, scope, grant.livemode, refresh));
  }
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'No grant type specified');
  throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
}

/** `POST /oauth/deauthorize`: disconnects an account from the calling platform. */
export function deauthorize(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiReply {
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

