import type Stripe from 'stripe';
import type { AccountState } from '../store/account';
import type { StoredRecord } from '../store/collection';

export interface WebhookEndpointRecord extends StoredRecord {
  url: string;
  enabledEvents: string[];
  apiVersion: string | null;
  description: string | null;
  metadata: Record<string, string>;
  disabled: boolean;
  /** A Connect endpoint receives the events of the accounts connected to this (platform) account. */
  connect: boolean;
  secret: string;
}

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

/** Whether an endpoint wants an event type: `*`, an exact name, or a `prefix.*` group. */
export function endpointWants(w: WebhookEndpointRecord, type: string): boolean {
  if (w.disabled) return false;
  return w.enabledEvents.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}
