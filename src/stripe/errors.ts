/**
 * What a failed Stripe call means for the sync: `credentials` (revoked, invalid or under-permitted
 * access: reconnecting is the fix, retrying is not), `permanent` (Stripe refused the request itself)
 * or `transient` (worth retrying later: rate limits, outages, network).
 */
export type StripeFailureKind = 'credentials' | 'permanent' | 'transient';

export interface StripeFailure {
  kind: StripeFailureKind;
  status?: number;
  code?: string;
  /** the request parameter Stripe blamed, e.g. `starting_after` */
  param?: string;
  /** safe to show and log: key-like strings are masked */
  message: string;
}

interface StripeErrorLike {
  type?: string;
  statusCode?: number;
  code?: string;
  param?: string;
  message?: string;
}

const CREDENTIAL_CODES = new Set(['account_invalid', 'api_key_expired', 'platform_api_key_expired', 'secret_key_required']);
const CREDENTIAL_TYPES = new Set(['StripeAuthenticationError', 'StripePermissionError', 'StripeInvalidGrantError', 'StripeInvalidClientError']);
const PERMANENT_TYPES = new Set(['StripeInvalidRequestError', 'StripeIdempotencyError', 'StripeCardError', 'StripeOAuthInvalidRequestError']);

/** Masks anything shaped like a Stripe secret, restricted or publishable key, or an OAuth token. */
export const maskSecrets = (text: string): string => text.replace(/\b(sk|rk|pk|rt|ac)_(live|test)_[A-Za-z0-9*]+/g, '$1_$2_[redacted]');

export function classifyStripeError(error: unknown): StripeFailure {
  const e = (error ?? {}) as StripeErrorLike;
  const message = maskSecrets(e.message ?? String(error));
  const base = { status: e.statusCode, code: e.code, param: e.param, message };
  if ((e.type && CREDENTIAL_TYPES.has(e.type)) || (e.code && CREDENTIAL_CODES.has(e.code)) || e.statusCode === 401) {
    return { kind: 'credentials', ...base };
  }
  if (e.type && PERMANENT_TYPES.has(e.type)) return { kind: 'permanent', ...base };
  return { kind: 'transient', ...base };
}

/** The sentence a user reads on the settings page when Stripe access is gone. */
export function describeCredentialFailure(failure: StripeFailure): string {
  if (failure.status === 403) return `Stripe refused access (403${failure.code ? `, ${failure.code}` : ''}): ${failure.message} Reconnect Stripe with the required permissions.`;
  return `Stripe rejected our credentials (${failure.status ?? failure.code ?? 'auth'}): ${failure.message} Reconnect Stripe to resume syncing.`;
}
