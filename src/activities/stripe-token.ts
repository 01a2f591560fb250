import { ApplicationFailure } from '@temporalio/activity';
import { refreshDueAt } from '../domain/app-tokens';
import type { ConnectionStatus, StripeCredentials } from '../domain/connection';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { tokenFingerprint } from '../security/token-fingerprint';
import { createAlerting } from './connection-alerts';
import type { ActivityDeps } from './deps';
import { toActivityFailure } from './stripe-failures';

export interface RefreshStripeTokenInput {
  connectionId: string;
  /** the fingerprint of an access token Stripe refused: refresh now, unless the stored one is already another */
  rejected?: string;
}

export interface RefreshStripeTokenOutput {
  refreshed: boolean;
  /** epoch ms at which the stored token is next due; null when the connection has no token to keep fresh */
  refreshAt: number | null;
}

/** Statuses whose credentials are in use; the others wait for a new grant. */
const IN_USE: readonly ConnectionStatus[] = ['syncing', 'active', 'error'];

const REFUSED_MESSAGE = 'Stripe refused the Stripe App\'s refresh token: the App was uninstalled from the account, or its access has lapsed. Install the Stripe App again.';

/** When Stripe's App refresh answered invalid_grant: the grant is gone (not a fault worth retrying). */
const isInvalidGrant = (error: unknown) => (error as { type?: unknown } | null)?.type === 'StripeInvalidGrantError';

export function createStripeTokenActivities({ connections, appTokens, logger, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
  const dueAt = (credentials: StripeCredentials, lifetimeSeconds: number): number =>
    credentials.accessTokenExpiresAt ? refreshDueAt(new Date(credentials.accessTokenExpiresAt), lifetimeSeconds).getTime() : 0;

  return {
    /**
     * Refreshes a Stripe App connection's access token when it is due, or when Stripe refused the
     * one an activity used, and stores the new pair in this same step: Stripe voids the refresh
     * token the moment it answers, so nothing may come between its answer and our write (a retry
     * after a crash there resends the same idempotency key and gets the same answer). Only the
     * connection's account workflow calls it, one call at a time. A token still fresh is left as it is.
     */
    async refreshStripeToken({ connectionId, rejected }: RefreshStripeTokenInput): Promise<RefreshStripeTokenOutput> {
      const connection = await connections.get(connectionId);
      if (connection.mode !== 'app' || !IN_USE.includes(connection.status)) return { refreshed: false, refreshAt: null };
      if (!appTokens?.client) {
        throw ApplicationFailure.nonRetryable('Stripe App tokens cannot be refreshed: STRIPE_SECRET_KEY (the App owner\'s key) is not configured', SYNC_FAILURE.misconfigured);
      }
      const { store, client, lifetimeSeconds } = appTokens;
      const credentials = await store.credentials(connectionId);
      if (!credentials.accessToken || !credentials.refreshToken) return { refreshed: false, refreshAt: null };
      const due = dueAt(credentials, lifetimeSeconds);
      const stale = rejected ? rejected === tokenFingerprint(credentials.accessToken) : Date.now() >= due;
      if (!stale) return { refreshed: false, refreshAt: due };

      let token;
      try {
        token = await client.refresh(credentials.refreshToken);
      } catch (error) {
        if (!isInvalidGrant(error)) throw toActivityFailure(error);
        await alerting.move(connectionId, 'credentialsRejected', REFUSED_MESSAGE);
        logger.warn({ connectionId }, 'Stripe refused the App refresh token; the connection needs a new install');
        return { refreshed: false, refreshAt: null };
      }
      const next: StripeCredentials = {
        ...credentials,
        accessToken: token.accessToken,
        refreshToken: token.refreshToken,
        publishableKey: token.publishableKey ?? credentials.publishableKey,
        accessTokenExpiresAt: token.expiresAt.toISOString(),
      };
      if (!(await store.rotateCredentials(connectionId, credentials.refreshToken, next))) {
        // a new install replaced the credentials meanwhile: its tokens stand
        return { refreshed: false, refreshAt: dueAt(await store.credentials(connectionId), lifetimeSeconds) };
      }
      logger.info({ connectionId, expiresAt: next.accessTokenExpiresAt }, 'Stripe App access token refreshed');
      return { refreshed: true, refreshAt: dueAt(next, lifetimeSeconds) };
    },
  };
}
