import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey } from '../api/auth';
import { jsonReply, type ApiReply } from '../api/reply';
import { OAuthError } from '../errors';
import type { FormObject } from '../form';
import { newSecret, redactKey } from '../ids';
import { READ_PERMISSIONS } from '../permissions';
import type { EmulatorServices } from '../services';
import type { OAuthScope, Platform } from '../store/state';
import { disconnect } from './connect';
import { OAUTH_SCOPES, text } from './flows';

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
export function token(services: EmulatorServices, headers: IncomingHttpHeaders, input: FormObject): ApiReply {
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

