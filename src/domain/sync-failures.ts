/**
 * Failure types the sync's activities raise and its workflow reads (ApplicationFailure `type`),
 * each with the connection status it leads to. Sandbox-safe: both sides import it.
 */
export const SYNC_FAILURE = {
  /** 401, 403, revoked or invalid account: reconnecting is the fix, retrying is not */
  credentialsRejected: 'StripeCredentialsRejected',
  /** Stripe refused a request as invalid: retrying the same request cannot help */
  requestRefused: 'StripeRequestRefused',
  /** the product is not configured to call Stripe for this connection (e.g. no platform key) */
  misconfigured: 'SyncMisconfigured',
  /** a slice's checkpoint moved under a stale attempt (a timed-out attempt still running) */
  checkpointMoved: 'SyncCheckpointMoved',
  /** a sync or a customer's resync was asked of a connection without a grant (disconnected, needing reconnection) */
  notSyncable: 'ConnectionNotSyncable',
  /** the run was reopened by a retry: an attempt of the execution before it (terminated, say) must stop */
  superseded: 'SyncRunSuperseded',
} as const;

export type SyncFailureType = (typeof SYNC_FAILURE)[keyof typeof SYNC_FAILURE];

/** Whether a failure of this type means the user must reconnect Stripe. */
export const needsReconnect = (type: string | undefined): boolean => type === SYNC_FAILURE.credentialsRejected;
