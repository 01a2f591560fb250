import type Stripe from 'stripe';
import type { StoredRecord } from './stored-record';

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
