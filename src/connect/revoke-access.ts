import type { Config } from '../config';
import type { ConnectionStore } from '../db/connection-store';
import type { ConnectionMode, StripeConnection } from '../domain/connection';
import { createStripeClient } from '../stripe/client';
import { classifyStripeError, type StripeFailure } from '../stripe/errors';
import { removeManagedWebhookEndpoints } from './managed-webhook-endpoint';

/** What telling Stripe came to: access removed (or nothing left to remove), or why not, for the user to finish in Stripe. */
export type RevokeOutcome = { revoked: true } | { revoked: false; reason: string };

/** Removes the product's access in Stripe when the product disconnects an account. */
export interface StripeAccessRevoker {
  /** Transient failures (Stripe or the network down) throw, to be retried; refusals are outcomes. */
  revoke(connection: StripeConnection): Promise<RevokeOutcome>;
}

export interface RevokerDeps {
  stripe: Pick<Config['stripe'], 'apiUrl' | 'clientId' | 'secretKey'>;
  connections: Pick<ConnectionStore, 'credentials'>;
}

type Revoke = (deps: RevokerDeps, connection: StripeConnection) => Promise<RevokeOutcome>;

/** A refusal is the outcome; anything worth retrying is rethrown. */
function refusal(error: unknown, gone: (f: StripeFailure) => boolean, reason: (f: StripeFailure) => string): RevokeOutcome {
  const failure = classifyStripeError(error);
  if (failure.kind === 'transient') throw error;
  return gone(failure) ? { revoked: true } : { revoked: false, reason: reason(failure) };
}

/** Connect OAuth: `POST /oauth/deauthorize` with the platform key; Stripe then sends `account.application.deauthorized`. */
const deauthorizeOAuth: Revoke = async ({ stripe: config }, connection) => {
  if (!config.secretKey || !config.clientId) {
    return { revoked: false, reason: 'Stripe Connect is not configured here (STRIPE_CLIENT_ID, STRIPE_SECRET_KEY): remove the app in the Stripe Dashboard.' };
  }
  const stripe = createStripeClient(config.secretKey, { apiUrl: config.apiUrl, timeoutMs: 15_000 });
  try {
    await stripe.oauth.deauthorize({ client_id: config.clientId, stripe_user_id: connection.stripeAccountId });
    return { revoked: true };
  } catch (error) {
    return refusal(error, (f) => /not connected/i.test(f.message), (f) => `Stripe refused to deauthorize the account (${f.message}).`);
  }
};

/** A restricted key cannot be revoked by its holder: its webhook endpoint is deleted, so nothing more is sent. */
const removeWebhookEndpoint: Revoke = async ({ stripe: config, connections }, connection) => {
  const { secretKey } = await connections.credentials(connection.id);
  if (!secretKey) return { revoked: true };
  try {
    await removeManagedWebhookEndpoints(config.apiUrl, connection, secretKey);
    return { revoked: true };
  } catch (error) {
    return refusal(error, (f) => f.status === 404, (f) =>
      `The webhook endpoint could not be deleted (${f.message}); delete it in the Stripe Dashboard under Developers → Webhooks, and roll the key if it should stop working.`);
  }
};

/**
 * A Stripe App is uninstalled from the account's Dashboard; the product holds no call that removes
 * it. Its tokens are wiped here, so nothing is called with them again.
 */
const uninstallApp: Revoke = () => Promise.resolve({
  revoked: false,
  reason: 'Uninstall the app from the Stripe Dashboard (Settings → Installed apps) to remove its access in Stripe as well.',
});

const REVOKERS: Record<ConnectionMode, Revoke> = { oauth: deauthorizeOAuth, api_key: removeWebhookEndpoint, app: uninstallApp };

export const createStripeAccessRevoker = (deps: RevokerDeps): StripeAccessRevoker => ({
  revoke: (connection) => REVOKERS[connection.mode](deps, connection),
});
