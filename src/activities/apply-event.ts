import type Stripe from 'stripe';
import type { EventWriteStores } from '../db/event-write-stores';
import type { ConnectionScope } from '../db/profile-objects-store';
import {
  eventCustomerId, eventObject, isFinalState, profileEventOf, profileEventProperties, type StripeEventEnvelope,
} from '../domain/stripe-events';
import type { ProfileEvent } from '../domain/profile';
import { eventVersion, fetchedVersion, type SourceVersion } from '../domain/versions';
import type { StripeGateway } from '../stripe/gateway';
import { OBJECT_WRITERS } from './write-objects';

/** The objects an event changes, as they are now (or as the payload says, for final states). */
export interface EventState {
  customer?: Stripe.Customer | Stripe.DeletedCustomer;
  subscription?: Stripe.Subscription;
  charge?: Stripe.Charge;
  /** orders this state against the sync's pages and other events */
  version: SourceVersion;
}

/**
 * Reads what the event is about from Stripe, in the pinned API version, so that order, duplicates
 * and the payload's own API version do not matter; the payload itself is used only for final states
 * (a deleted customer, a canceled subscription), which no later state undoes. The customer of a
 * subscription or charge is read as well when the mirror does not hold it yet.
 */
export async function readEventState(
  gateway: StripeGateway,
  event: StripeEventEnvelope,
  mirrorHasCustomer: (customerId: string) => Promise<boolean>,
): Promise<EventState> {
  const object = eventObject(event);
  const fetchStartedAt = Date.now();
  const fromPayload = !object || isFinalState(event);
  const state: EventState = { version: fromPayload ? eventVersion(event.created) : fetchedVersion(fetchStartedAt) };
  if (object) {
    const current = fromPayload ? event.data.object : await gateway.retrieve(object.kind, object.id);
    if (object.kind === 'customer') state.customer = current as Stripe.Customer | Stripe.DeletedCustomer;
    if (object.kind === 'subscription') state.subscription = current as Stripe.Subscription;
    if (object.kind === 'charge') state.charge = current as Stripe.Charge;
  }
  const customerId = object?.kind === 'customer' ? null : eventCustomerId(event);
  if (customerId && !(await mirrorHasCustomer(customerId))) state.customer = await gateway.retrieve('customer', customerId);
  return state;
}

/**
 * Applies the event inside its transaction (the project lock taken): the mirror rows and the
 * identity rules as a sync page applies them, then the profile event, once per Stripe event id.
 * Returns the profile event, when the Stripe event records one, and whether this call recorded it.
 */
export async function applyEvent(
  stores: EventWriteStores,
  scope: ConnectionScope,
  event: StripeEventEnvelope,
  state: EventState,
): Promise<{ recorded: ProfileEvent; created: boolean } | null> {
  const { connectionId } = scope;
  if (state.customer) await OBJECT_WRITERS.customers(stores, scope, [state.customer], state.version);
  if (state.subscription) await OBJECT_WRITERS.subscriptions(stores, scope, [state.subscription], state.version);
  if (state.charge) await OBJECT_WRITERS.charges(stores, scope, [state.charge], state.version);
  const name = profileEventOf(event.type);
  if (!name) return null;
  const customerId = eventCustomerId(event);
  const profileId = state.charge
    ? await stores.profileOf.ofCharge(connectionId, state.charge.id)
    : customerId ? await stores.profileOf.ofCustomer(connectionId, customerId) : null;
  if (!profileId) return null;
  const { event: recorded, created } = await stores.events.record({
    projectId: scope.projectId,
    profileId,
    name,
    source: 'stripe',
    sourceEventId: event.id,
    occurredAt: new Date(event.created * 1000),
    properties: profileEventProperties(event),
  });
  return { recorded, created };
}
