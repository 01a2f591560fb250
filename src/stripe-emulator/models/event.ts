import type Stripe from 'stripe';
import type { StoredRecord } from '../store/collection';

/** The API version whose shapes every object and event is rendered in (stripe@23.1.0's pin). */
export const API_VERSION = '2026-10-28.endive';

/**
 * An event as sent and listed. Stripe's `Event` type is a union keyed by `type`; the emulator
 * builds events generically, so it checks everything but the pairing of type and object.
 */
export interface EventPayload extends Omit<Stripe.EventBase, 'type' | 'data'> {
  type: Stripe.Event.Type;
  data: { object: object; previous_attributes?: object };
}

export interface EventRecord extends StoredRecord {
  type: Stripe.Event.Type;
  payload: EventPayload;
  /** Deliveries not yet acknowledged with a 2xx (`delivery_success` filter of the list). */
  undelivered: number;
}

export const renderEvent = (e: EventRecord): EventPayload => e.payload;
