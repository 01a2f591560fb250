import type { StripeConnection } from '../../domain/connection';
import { DomainError, notFound } from '../../domain/errors';
import { isUsedEventType, type StripeEventEnvelope } from '../../domain/stripe-events';
import { verifyStripeEvent } from '../../stripe/webhook-signature';
import type { ApiDeps } from '../deps';

/** Which endpoint the webhook came to: the Connect platform's, or one API-key connection's. */
export type WebhookTarget = { endpoint: 'platform' } | { endpoint: 'connection'; connectionId: string };

export interface ReceivedWebhook {
  event: StripeEventEnvelope;
  /** inbox entries written for this delivery (a duplicate writes none) */
  stored: number;
  duplicates: number;
  /** of the entries written, those kept as ignored (a disconnected connection, a type the product does not use) */
  ignored: number;
  /** no connection wants it: an account nobody connected */
  unrouted: boolean;
}

type Deps = Pick<ApiDeps, 'config' | 'connections' | 'inbox' | 'accountWaker'>;

/**
 * A Stripe webhook, verified and made durable before it is answered: it goes into the inbox of
 * every connection of its account and mode (two projects may connect one account), once per
 * Stripe event id, and each account workflow is woken with the newest sequence number. Events for
 * disconnected connections and types the product does not use are kept as ignored, waking nothing.
 */
export async function receiveStripeEvent(deps: Deps, target: WebhookTarget, rawBody: Buffer, signature: string | undefined): Promise<ReceivedWebhook> {
  const { event, connections } = await verifiedRecipients(deps, target, rawBody, signature);
  const result: ReceivedWebhook = { event, stored: 0, duplicates: 0, ignored: 0, unrouted: connections.length === 0 };
  if (connections.length === 0) await deps.inbox.keepUnrouted(event);
  for (const connection of connections) {
    const ignore = connection.status === 'disconnected' || !isUsedEventType(event.type);
    const { seq, duplicate } = await deps.inbox.receive(connection.id, event, 'webhook', ignore);
    if (duplicate) result.duplicates++;
    else result.stored++;
    if (ignore && !duplicate) result.ignored++;
    if (!ignore && !duplicate) deps.accountWaker.wake(connection, seq);
  }
  return result;
}

async function verifiedRecipients(deps: Deps, target: WebhookTarget, rawBody: Buffer, signature: string | undefined) {
  if (target.endpoint === 'platform') {
    const event = verifyStripeEvent(rawBody, signature, deps.config.stripe.webhookSecrets);
    const connections: StripeConnection[] = event.account ? await deps.connections.listByAccount(event.account, event.livemode) : [];
    return { event, connections };
  }
  // There is no secret to verify an unknown endpoint's signature with: nothing is stored.
  const recipient = await deps.connections.findWebhookRecipient(target.connectionId);
  if (!recipient) throw notFound(`webhook endpoint ${target.connectionId}`);
  const { connection, webhookSecrets } = recipient;
  try {
    const event = verifyStripeEvent(rawBody, signature, webhookSecrets);
    return { event, connections: event.livemode === connection.livemode ? [connection] : [] };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_signature') await deps.connections.countRejectedWebhook(connection.id);
    throw error;
  }
}
