import type Stripe from 'stripe';
import type { EventWriteStores } from '../db/event-write-stores';
import type { ConnectionScope } from '../db/profile-objects-store';
import {
  eventCustomerId, eventObject, isFinalState, profileEventOf, profileEventProperties, type StripeEventEnvelope,
} from '../domain/stripe-events';
import type { ProfileEvent } from '../domain/profile';
import type { StripeObjectType } from '../domain/sync-slices';
import { eventVersion, fetchedVersion, type SourceVersion } from '../domain/versions';
import type { StripeGateway } from '../stripe/gateway';
import { writeObjects } from './write-objects';

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

/** An event and what was read of it. */
export interface ReadEvent {
  event: StripeEventEnvelope;
  state: EventState;
}

/** The objects of each kind in a state, in the order they are written (customers before what refers to them). */
const OBJECTS_OF: [StripeObjectType, (state: EventState) => { id: string } | undefined][] = [
  ['customers', (s) => s.customer],
  ['subscriptions', (s) => s.subscription],
  ['charges', (s) => s.charge],
];

/**
 * Every object the events read, each once at the newest state read of it (of equal versions the
 * later event's), through the writers a sync page uses: one statement per kind for all the events.
 */
async function writeNewest(stores: EventWriteStores, scope: ConnectionScope, states: EventState[]): Promise<void> {
  for (const [kind, objectOf] of OBJECTS_OF) {
    const newest = new Map<string, { object: { id: string }; version: SourceVersion }>();
    for (const state of states) {
      const object = objectOf(state);
      const known = object && newest.get(object.id);
      if (object && (!known || known.version <= state.version)) newest.set(object.id, { object, version: state.version });
    }
    if (newest.size === 0) continue;
    const written = [...newest.values()];
    await writeObjects(kind, stores, scope, written.map((w) => w.object), written.map((w) => w.version));
  }
}

/** The profile event a Stripe event records, on the profile its object belongs to now; once per Stripe event id. */
async function recordProfileEvent(stores: EventWriteStores, scope: ConnectionScope, { event, state }: ReadEvent): Promise<AppliedEvent | null> {
  const { connectionId } = scope;
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

/** The profile event an event recorded, and whether this call recorded it (a redelivery finds it there). */
export interface AppliedEvent {
  recorded: ProfileEvent;
  created: boolean;
}

/**
 * Applies events, in order, inside their transaction (the project lock taken): the mirror rows and
 * the identity rules as a sync page applies them, then each event's profile event. Returns, for
 * each event, the profile event it records, if any.
 */
export async function applyEvents(stores: EventWriteStores, scope: ConnectionScope, events: readonly ReadEvent[]): Promise<(AppliedEvent | null)[]> {
  await writeNewest(stores, scope, events.map((e) => e.state));
  const applied: (AppliedEvent | null)[] = [];
  for (const event of events) applied.push(await recordProfileEvent(stores, scope, event));
  return applied;
}
