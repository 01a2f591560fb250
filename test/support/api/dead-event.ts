import type { Knex } from 'knex';
import { DEAD_AFTER_ATTEMPTS } from '../../../src/activities/stripe-events';
import { createEventInboxStore } from '../../../src/db/event-inbox-store';

/** Puts a webhook in the connection's inbox and fails it until it is dead, as the account workflow would. */
export async function deadEvent(db: Knex, connectionId: string, stripeEventId: string, error = 'Stripe refused a request: No such charge'): Promise<void> {
  const inbox = createEventInboxStore(db);
  const { seq } = await inbox.receive(connectionId, {
    id: stripeEventId, type: 'charge.failed', created: 1_700_000_000, livemode: false, data: { object: { object: 'charge', id: 'ch_1' } },
  }, 'webhook', false);
  for (let i = 0; i < DEAD_AFTER_ATTEMPTS; i++) await inbox.recordFailure(connectionId, seq, error, DEAD_AFTER_ATTEMPTS);
}
