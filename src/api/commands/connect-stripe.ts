import { ensureManagedWebhookEndpoint, stripeCanReach } from '../../connect/managed-webhook-endpoint';
import type { ConnectionGrant } from '../../connect/provider';
import type { StripeConnection } from '../../domain/connection';
import { STRIPE_SEGMENTS } from '../../domain/segments';
import { REPLAYED_EVENT_TYPES } from '../../domain/stripe-events';
import type { ApiDeps } from '../deps';
import { startSyncOrFlag } from './start-sync';

export interface ConnectResult {
  connection: StripeConnection;
  /** false when the project had this account (and mode) already: a reconnect */
  created: boolean;
  /** false when a sync of this connection was already running */
  syncStarted: boolean;
}

/**
 * What every provider's grant leads to: the connection is stored (credentials encrypted by the
 * store; one per project, account and livemode), the Stripe segments are added, and the sync starts
 * durably — the first sync on a new connection, a resync on a reconnect.
 */
export async function connectStripe(
  deps: Pick<ApiDeps, 'config' | 'connections' | 'segments' | 'orchestrator' | 'inbox' | 'accountWaker' | 'logger'>,
  projectId: string,
  grant: ConnectionGrant,
): Promise<ConnectResult> {
  const { connection, created } = await deps.connections.upsert({ projectId, ...grant });
  await deps.segments.ensure(projectId, STRIPE_SEGMENTS);
  await replayWhatWasKept(deps, connection);
  if (grant.mode === 'api_key' && grant.credentials.secretKey) await manageWebhookEndpoint(deps, connection, grant.credentials.secretKey);
  const { started } = await startSyncOrFlag(deps, connection, created ? 'initial' : 'resync');
  return { connection, created, syncStarted: started };
}

/**
 * Events that arrived while the connection was disconnected were kept as ignored; a reconnect puts
 * them back in line (events of types the product never uses stay ignored, and so does the old
 * grant's deauthorization). What was never received comes from the catch-up of Stripe's event list
 * that the resync starts.
 */
async function replayWhatWasKept(deps: Pick<ApiDeps, 'inbox' | 'accountWaker'>, connection: StripeConnection) {
  const seq = await deps.inbox.requeueIgnored(connection.id, REPLAYED_EVENT_TYPES);
  if (seq !== null) deps.accountWaker.wake(connection, seq);
}

/**
 * Live events for an API-key connection come to its own endpoint in the merchant's account. When
 * Stripe cannot reach APP_URL, or the endpoint cannot be made, the connection still syncs; its
 * live events then wait for the catch-up from Stripe's event list.
 */
async function manageWebhookEndpoint(deps: Pick<ApiDeps, 'config' | 'connections' | 'logger'>, connection: StripeConnection, secretKey: string) {
  const { appUrl, stripe } = deps.config;
  if (!stripeCanReach(appUrl, stripe.apiUrl)) {
    deps.logger.info({ connectionId: connection.id, appUrl }, 'Stripe cannot reach APP_URL: no webhook endpoint is registered for this connection');
    return;
  }
  try {
    const { endpointId, created } = await ensureManagedWebhookEndpoint({ apiUrl: stripe.apiUrl, appUrl, connections: deps.connections }, connection, secretKey);
    deps.logger.info({ connectionId: connection.id, endpointId, created }, 'webhook endpoint registered in the Stripe account');
  } catch (err) {
    deps.logger.warn({ err: { message: (err as Error).message }, connectionId: connection.id }, 'could not register the webhook endpoint in the Stripe account');
  }
}
