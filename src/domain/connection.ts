export type ConnectionMode = 'oauth' | 'api_key' | 'app';

export const CONNECTION_STATUSES = ['syncing', 'active', 'needs_reconnect', 'error', 'disconnected'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** A move of the status machine: allowed from any of `from`, it lands on `to`. */
export interface ConnectionMove {
  readonly from: readonly ConnectionStatus[];
  readonly to: ConnectionStatus;
}

/**
 * The connection status machine: every move a status may make, keyed by its cause. A move whose
 * current status is not in `from` is refused, so late news cannot undo later facts: a sync that
 * finishes after a disconnect leaves the connection disconnected, and a failed sync does not hide
 * that the credentials were revoked.
 *
 * - `syncing`: a sync is running (the first one right after connecting).
 * - `active`: synced; live events keep it current.
 * - `error`: the last sync failed for a reason retrying may fix (Retry is offered).
 * - `needs_reconnect`: Stripe refused our credentials; only a new grant helps.
 * - `disconnected`: access was removed, in the product or in Stripe.
 */
export const CONNECTION_MOVES = {
  /** a new grant for the same account (OAuth, App or key): whatever happened before, sync again */
  reconnected: { from: CONNECTION_STATUSES, to: 'syncing' },
  /** Resync, Retry, or a sync run starting */
  syncStarted: { from: ['active', 'error', 'syncing'], to: 'syncing' },
  syncSucceeded: { from: ['syncing'], to: 'active' },
  /** the sync failed or was canceled; retrying may help */
  syncFailed: { from: ['syncing'], to: 'error' },
  /** the workflow service did not take the sync */
  syncNotStarted: { from: ['active', 'error', 'syncing'], to: 'error' },
  credentialsRejected: { from: ['active', 'error', 'syncing'], to: 'needs_reconnect' },
  disconnected: { from: ['active', 'error', 'syncing', 'needs_reconnect'], to: 'disconnected' },
} as const satisfies Record<string, ConnectionMove>;

export type ConnectionCause = keyof typeof CONNECTION_MOVES;

/** Who disconnected a connection: Stripe (the app was removed from the account) or the product's Disconnect. */
export type DisconnectOrigin = 'stripe' | 'product';

/**
 * Why a sync (or a customer's resync) cannot run in this status, or null when it can: without a
 * grant there is nothing to call Stripe with, and only reconnecting brings one.
 */
export function notSyncableReason(status: ConnectionStatus): string | null {
  if (status === 'disconnected') return 'This Stripe account is disconnected; reconnect it to sync again.';
  if (status === 'needs_reconnect') return 'Stripe access for this connection is gone; connect the account again to resume syncing.';
  return null;
}

/** Whether any cause moves a connection from `from` to `to`. */
export const isAllowedMove = (from: ConnectionStatus, to: ConnectionStatus): boolean =>
  Object.values(CONNECTION_MOVES).some((m: ConnectionMove) => m.to === to && m.from.includes(from));

/** Decrypted credentials; never logged, never put in workflow inputs or search attributes. */
export interface StripeCredentials {
  /**
   * OAuth: the platform key is used with Stripe-Account; the access token is kept for revocation
   * checks. Stripe App: the access token is the key (it expires; its refresh token rotates).
   */
  accessToken?: string;
  refreshToken?: string;
  /** API-key mode: the account's restricted (rk_) or secret key. */
  secretKey?: string;
  publishableKey?: string;
  /** Stripe App: when the access token expires (ISO 8601); the refresh token then gets a new one. */
  accessTokenExpiresAt?: string;
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
  /** who disconnected it, while it is disconnected */
  disconnectedBy: DisconnectOrigin | null;
  /** deliveries to the connection's own webhook endpoint that failed verification */
  webhooksRejected: number;
  /** events created before this are in the inbox (set at connect; the poll of Stripe's event list moves it) */
  eventsWatermark: Date | null;
  /** the webhook endpoint an API-key connection manages in its Stripe account, once registered */
  webhookEndpointId: string | null;
  /** fill customers' timelines with their past from the synced objects (historical entries) */
  timelineHistory: boolean;
  /** how often the drift check compares Stripe with the mirror (0: never) */
  driftCheckEveryHours: number;
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
