export type ConnectionMode = 'oauth' | 'api_key' | 'app';
export type ConnectionStatus = 'syncing' | 'active' | 'needs_reconnect' | 'error' | 'disconnected';

/** Decrypted credentials; never logged, never put in workflow inputs or search attributes. */
export interface StripeCredentials {
  /** OAuth: the platform key is used with Stripe-Account; the access token is kept for revocation checks. */
  accessToken?: string;
  refreshToken?: string;
  /** API-key mode: the account's restricted (rk_) or secret key. */
  secretKey?: string;
  publishableKey?: string;
}

export interface RateBudget {
  /** requests per second for the whole account (global) and per endpoint */
  global: number;
  perEndpoint: number;
}

export interface StripeConnection {
  id: string;
  projectId: string;
  stripeAccountId: string;
  livemode: boolean;
  mode: ConnectionMode;
  status: ConnectionStatus;
  statusMessage: string | null;
  scope: string | null;
  accountName: string | null;
  rateBudget: RateBudget | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Stripe's documented limits; our default budget is half of them, leaving room for the merchant's own traffic. */
export const STRIPE_RATE_LIMITS = {
  live: { global: 100, perEndpoint: 25 },
  test: { global: 25, perEndpoint: 25 },
} as const;

export function defaultRateBudget(livemode: boolean): RateBudget {
  const limits = livemode ? STRIPE_RATE_LIMITS.live : STRIPE_RATE_LIMITS.test;
  return { global: limits.global / 2, perEndpoint: limits.perEndpoint / 2 };
}
