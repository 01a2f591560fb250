import type { EventPayload, EventRecord } from '../records/event';

export const renderEvent = (e: EventRecord): EventPayload => e.payload;

/**
 * The body an endpoint receives: the event stamped with the endpoint's `api_version` when it
 * has one (Stripe renders webhooks in the endpoint's version). Only the stamp changes: the
 * object keeps the shape of the pinned version.
 */
export function webhookBody(e: EventRecord, endpointVersion: string | null, pinnedBody: Buffer): Buffer {
  if (endpointVersion === null || endpointVersion === e.payload.api_version) return pinnedBody;
  return Buffer.from(JSON.stringify({ ...renderEvent(e), api_version: endpointVersion }));
}
