import { tokenFingerprint } from '../security/token-fingerprint';
import { createStripeClient } from './client';

/** What `POST /v1/oauth/token` grants a Stripe App for one installed account. */
export interface AppToken {
  accessToken: string;
  refreshToken: string;
  publishableKey?: string;
  stripeAccountId: string;
  livemode: boolean;
  scope: string | null;
  expiresAt: Date;
}

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  stripe_publishable_key?: string;
  stripe_user_id: string;
  livemode?: boolean;
  scope?: string;
  expires_in?: number;
}

export interface AppOAuthClient {
  /** The code of an install for the account's first tokens. */
  exchange(code: string): Promise<AppToken>;
  /**
   * A new access token and a new refresh token; `refreshToken` is void once Stripe answers. The
   * request's idempotency key is named after the refresh token it spends, so a retry after an
   * answer was lost (a crash before it was stored) gets that same answer again, not invalid_grant.
   */
  refresh(refreshToken: string): Promise<AppToken>;
}

export interface AppOAuthOptions {
  apiUrl: string;
  /** the secret key of the account that owns the App */
  secretKey: string;
  /** how long access tokens live when Stripe's answer does not say (it does not) */
  tokenLifetimeSeconds: number;
  now?: () => Date;
}

/** The Stripe App's token endpoint, on the API host (Connect OAuth's is on connect.stripe.com). */
export function createAppOAuthClient(opts: AppOAuthOptions): AppOAuthClient {
  const stripe = createStripeClient(opts.secretKey, { apiUrl: opts.apiUrl, timeoutMs: 15_000 });
  const now = opts.now ?? (() => new Date());

  async function token(params: Record<string, string>, idempotencyKey?: string): Promise<AppToken> {
    // the lifetime counts from before the request, so the stored expiry is never late
    const asked = now().getTime();
    const answer = (await stripe.rawRequest('POST', '/v1/oauth/token', params, idempotencyKey ? { idempotencyKey } : {})) as TokenAnswer;
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      publishableKey: answer.stripe_publishable_key,
      stripeAccountId: answer.stripe_user_id,
      livemode: answer.livemode ?? false,
      scope: answer.scope ?? null,
      expiresAt: new Date(asked + (answer.expires_in ?? opts.tokenLifetimeSeconds) * 1000),
    };
  }

  return {
    exchange: (code) => token({ grant_type: 'authorization_code', code }),
    refresh: (refreshToken) => token({ grant_type: 'refresh_token', refresh_token: refreshToken }, `stripe-engage-refresh-${tokenFingerprint(refreshToken)}`),
  };
}
