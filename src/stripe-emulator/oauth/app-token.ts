import { idempotently } from '../api/pipeline';
import { jsonReply, type ApiReply } from '../api/reply';
import { OAuthError } from '../errors';
import type { FormObject } from '../form';
import { newSecret, redactKey } from '../ids';
import type { EmulatorServices } from '../services';
import type { ApiKey } from '../store/keys';
import type { StripeApp } from '../store/state';
import { text } from './flows';
import type { OAuthRequest } from './routes';
import { callingSecretKey, isOwnSecretKey, publishableKeyOf } from './token';

/** A Stripe App's token endpoint is on the API host, not on connect.stripe.com. */
export const APP_TOKEN_PATH = '/v1/oauth/token';

const invalidGrant = (message: string) => new OAuthError(400, 'invalid_grant', message);

/** Mints an access token that expires after the App's lifetime, and a fresh refresh token. */
function issueAppToken(services: EmulatorServices, app: StripeApp, accountId: string, livemode: boolean) {
  const { state } = services;
  const access = state.keys.create({
    kind: 'secret',
    accountId,
    livemode,
    permissions: app.permissions,
    grantedTo: app.accountId,
    app: app.clientId,
    expiresAt: Date.now() + app.accessTokenLifetimeSeconds * 1000,
  });
  const refresh = newSecret('rt_');
  state.refreshTokens.set(refresh, { token: refresh, platformId: app.accountId, accountId, scope: 'stripe_apps', livemode, app: app.clientId });
  state.changed();
  // Stripe says nothing of the lifetime here: no `expires_in`.
  return {
    access_token: access.secret,
    livemode,
    refresh_token: refresh,
    scope: 'stripe_apps',
    stripe_publishable_key: publishableKeyOf(services, accountId, livemode),
    stripe_user_id: accountId,
    token_type: 'bearer',
  };
}

/** The caller's App for a code or refresh token, which must be one of the caller's own Apps. */
function ownedApp(services: EmulatorServices, key: ApiKey, clientId: string | undefined): StripeApp | undefined {
  const app = clientId ? services.state.apps.get(clientId) : undefined;
  return app && app.accountId === key.accountId ? app : undefined;
}

function exchangeCode(services: EmulatorServices, key: ApiKey, input: FormObject) {
  const code = text(input.code);
  if (!code) throw new OAuthError(400, 'invalid_request', 'No authorization code provided');
  const grant = services.oauth.codes.get(code);
  const app = grant && ownedApp(services, key, grant.app);
  if (!grant || !app) throw invalidGrant(`Authorization code does not exist: ${code}`);
  if (grant.issued) {
    for (const secret of grant.issued) services.state.keys.find(secret)!.revoked = true;
    const refresh = grant.refreshToken ? services.state.refreshTokens.get(grant.refreshToken) : undefined;
    if (refresh) refresh.revoked = true;
    services.state.changed();
    throw invalidGrant('Authorization code provided has already been used. All tokens issued with this code have been revoked.');
  }
  if (Date.now() > grant.expiresAt) throw invalidGrant(`Authorization code expired: ${code}`);
  const body = issueAppToken(services, app, grant.accountId, grant.livemode);
  grant.issued = [body.access_token];
  grant.refreshToken = body.refresh_token;
  return body;
}

/** Rotation: the refresh token is void from this moment, whatever happens to the answer. */
function refresh(services: EmulatorServices, key: ApiKey, input: FormObject) {
  const token = text(input.refresh_token);
  if (!token) throw new OAuthError(400, 'invalid_request', 'No refresh token provided');
  const grant = services.state.refreshTokens.get(token);
  const app = grant && ownedApp(services, key, grant.app);
  if (!grant || !app || grant.revoked || !app.installed.has(grant.accountId)) throw invalidGrant(`Invalid refresh token: ${token}`);
  grant.revoked = true;
  return issueAppToken(services, app, grant.accountId, grant.livemode);
}

/**
 * `POST /v1/oauth/token` with the App owner's secret key: `authorization_code` (a single-use,
 * five-minute code from an install) or `refresh_token`. As every `/v1` POST, it honours
 * `Idempotency-Key`: a retry with the same key and body gets the first answer again.
 */
export function appToken(services: EmulatorServices, request: OAuthRequest, input: FormObject): ApiReply {
  const key = callingSecretKey(services, request.headers, input);
  if (!isOwnSecretKey(key) || ![...services.state.apps.values()].some((a) => a.accountId === key.accountId)) {
    throw new OAuthError(401, 'invalid_client', `The API key ${redactKey(key.secret)} does not belong to the owner of a Stripe App.`);
  }
  const idempotencyKey = request.headers['idempotency-key'];
  return idempotently(services, key.accountId, typeof idempotencyKey === 'string' ? idempotencyKey : null, request, () => {
    const grantType = text(input.grant_type);
    if (grantType === 'authorization_code') return jsonReply(exchangeCode(services, key, input));
    if (grantType === 'refresh_token') return jsonReply(refresh(services, key, input));
    if (!grantType) throw new OAuthError(400, 'invalid_request', 'No grant type specified');
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  });
}
