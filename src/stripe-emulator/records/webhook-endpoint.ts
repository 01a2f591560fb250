import type { StoredRecord } from './stored-record';

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

/** Whether an endpoint wants an event type: `*`, an exact name, or a `prefix.*` group. */
export function endpointWants(w: WebhookEndpointRecord, type: string): boolean {
  if (w.disabled) return false;
  return w.enabledEvents.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}
