import type Stripe from 'stripe';
import type { ConnectionStore } from '../db/connection-store';
import type { StripeConnection } from '../domain/connection';
import { USED_EVENT_TYPES } from '../domain/stripe-events';
import { createStripeClient, STRIPE_API_VERSION } from '../stripe/client';

/** How our endpoints are marked in the merchant's account (Stripe allows 16 per account). */
export const MANAGED_BY = 'stripe-engage';

export const managedEndpointUrl = (appUrl: string, connectionId: string) => `${appUrl}/webhooks/stripe/${connectionId}`;

const isPrivateHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host) || /^10\./.test(host)
  || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host);

/**
 * Whether Stripe can deliver webhooks to APP_URL. Real Stripe cannot reach a loopback or private
 * address; the emulator (any other STRIPE_API_URL) can, so the demo and the tests get webhooks.
 */
export function stripeCanReach(appUrl: string, stripeApiUrl: string): boolean {
  const realStripe = new URL(stripeApiUrl).hostname.endsWith('stripe.com');
  return !realStripe || !isPrivateHost(new URL(appUrl).hostname);
}

/**
 * How a connection's live events arrive: by webhooks when Stripe can reach us and the connection
 * has an endpoint (its own for an API key, the platform's secret for Connect), otherwise only by
 * the poll of Stripe's event list every few minutes.
 */
export function liveEventsDelivery(
  connection: Pick<StripeConnection, 'mode' | 'webhookEndpointId'>,
  config: { appUrl: string; stripe: { apiUrl: string; webhookSecrets: readonly string[] } },
): 'webhooks' | 'polling' {
  if (!stripeCanReach(config.appUrl, config.stripe.apiUrl)) return 'polling';
  const hasEndpoint = connection.mode === 'api_key' ? !!connection.webhookEndpointId : config.stripe.webhookSecrets.length > 0;
  return hasEndpoint ? 'webhooks' : 'polling';
}

interface Options {
  apiUrl: string;
  appUrl: string;
  connections: Pick<ConnectionStore, 'webhookEndpoint' | 'setWebhookEndpoint'>;
}

/** Our endpoints for this connection in the account the key belongs to. */
async function ourEndpoints(stripe: Stripe, connectionId: string): Promise<Stripe.WebhookEndpoint[]> {
  return (await stripe.webhookEndpoints.list({ limit: 100 })).data
    .filter((e) => e.metadata?.managed_by === MANAGED_BY && e.metadata?.connection_id === connectionId);
}

/**
 * Makes sure the API-key connection has its webhook endpoint in the Stripe account: pinned API
 * version, the events the product uses, marked as ours. A reconnect reuses ours when we still hold
 * its secret (Stripe shows a secret only when the endpoint is created); otherwise ours is replaced.
 */
export async function ensureManagedWebhookEndpoint(opts: Options, connection: StripeConnection, secretKey: string): Promise<{ endpointId: string; created: boolean }> {
  const stripe = createStripeClient(secretKey, { apiUrl: opts.apiUrl, timeoutMs: 15_000 });
  const url = managedEndpointUrl(opts.appUrl, connection.id);
  const stored = await opts.connections.webhookEndpoint(connection.id);
  const ours = await ourEndpoints(stripe, connection.id);
  const keep = ours.find((e) => e.id === stored?.endpointId);
  for (const stale of ours.filter((e) => e !== keep)) await stripe.webhookEndpoints.del(stale.id);
  if (keep) {
    await stripe.webhookEndpoints.update(keep.id, { url, enabled_events: [...USED_EVENT_TYPES] as Stripe.WebhookEndpointUpdateParams.EnabledEvent[], disabled: false });
    return { endpointId: keep.id, created: false };
  }
  const endpoint = await stripe.webhookEndpoints.create({
    url,
    api_version: STRIPE_API_VERSION,
    enabled_events: [...USED_EVENT_TYPES] as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    description: 'Stripe Engage: live customer events',
    metadata: { managed_by: MANAGED_BY, connection_id: connection.id, project_id: connection.projectId },
  });
  await opts.connections.setWebhookEndpoint(connection.id, { endpointId: endpoint.id, secret: endpoint.secret! });
  return { endpointId: endpoint.id, created: true };
}

/** Deletes the connection's endpoints from the Stripe account (a disconnect); returns how many there were. */
export async function removeManagedWebhookEndpoints(apiUrl: string, connection: StripeConnection, secretKey: string): Promise<number> {
  const stripe = createStripeClient(secretKey, { apiUrl, timeoutMs: 15_000 });
  const ours = await ourEndpoints(stripe, connection.id);
  for (const endpoint of ours) await stripe.webhookEndpoints.del(endpoint.id);
  return ours.length;
}
