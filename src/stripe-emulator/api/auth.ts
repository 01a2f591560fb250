import type { IncomingHttpHeaders } from 'node:http';
import { StripeApiError } from '../errors';
import { redactKey } from '../ids';
import { grants, type Permission } from '../permissions';
import type { AccountState } from '../store/account';
import type { ApiKey } from '../store/keys';
import type { EmulatorState } from '../store/state';

const unauthorized = (message: string, code?: string) =>
  new StripeApiError({ status: 401, type: 'invalid_request_error', message, code });

/** The key from `Authorization: Bearer <key>`, or from Basic auth as `curl -u <key>:` sends it. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization ?? '';
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** The usable key behind a request, with Stripe's 401s for a missing, unknown or revoked one. */
export function authenticateKey(state: EmulatorState, headers: IncomingHttpHeaders): ApiKey {
  const secret = presentedKey(headers);
  if (!secret) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const key = state.keys.find(secret);
  if (!key) throw unauthorized(`Invalid API Key provided: ${redactKey(secret)}`);
  if (key.revoked) {
    throw unauthorized(`Expired API Key provided: ${redactKey(secret)}. Application access may have been revoked.`, 'api_key_expired');
  }
  // A Stripe App's access token lives an hour; then only its refresh token gets a new one.
  if (key.expiresAt !== undefined && Date.now() >= key.expiresAt) throw unauthorized(`Expired API Key provided: ${redactKey(secret)}.`, 'api_key_expired');
  if (key.kind === 'publishable') {
    throw unauthorized(
      'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    );
  }
  return key;
}

/**
 * The account a request acts on: the key's own, or with `Stripe-Account` a connected
 * account, which only a platform's secret key may reach (and only while connected).
 */
export function resolveAccount(state: EmulatorState, key: ApiKey, stripeAccount: string | undefined): AccountState {
  const target = stripeAccount && stripeAccount !== key.accountId ? stripeAccount : key.accountId;
  const platform = state.platforms.get(key.accountId);
  const reachable = target === key.accountId || (key.kind === 'secret' && !key.grantedTo && platform?.connected.has(target));
  const account = reachable ? state.account(target, key.livemode) : undefined;
  if (!account) {
    throw new StripeApiError({
      status: 403,
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key '${redactKey(key.secret)}' does not have access to account '${target}' (or that account does not exist). Application access may have been revoked.`,
    });
  }
  return account;
}

/** Stripe's 403 for a restricted key (or a read-only OAuth token) lacking a permission. */
export function checkPermission(key: ApiKey, account: AccountState, permission: Permission | null): void {
  if (permission === null || grants(key.permissions, permission)) return;
  throw new StripeApiError({
    status: 403,
    type: 'invalid_request_error',
    message: `The provided key '${redactKey(key.secret)}' does not have the required permissions for this endpoint on account '${account.id}'. Having the 'rak_${permission}' permission would allow this request to continue.`,
  });
}
