import type Stripe from 'stripe';
import type { WebhookEndpointRecord } from '../records/webhook-endpoint';
import type { AccountState } from '../store/account';

export function renderWebhookEndpoint(w: WebhookEndpointRecord, account: AccountState): Stripe.WebhookEndpoint {
  return {
    id: w.id,
    object: 'webhook_endpoint',
    api_version: w.apiVersion,
    application: null,
    created: w.created,
    description: w.description,
    enabled_events: w.enabledEvents,
    livemode: account.livemode,
    metadata: w.metadata,
    status: w.disabled ? 'disabled' : 'enabled',
    url: w.url,
  };
}
