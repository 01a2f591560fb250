import type { InboxEvent } from '../db/event-inbox-store';
import type { StripeConnection } from '../domain/connection';
import { DEAUTHORIZED_EVENT_TYPE } from '../domain/stripe-events';

/** Stripe's clock and ours may differ a little; event times have a one-second resolution. */
const CLOCK_SLACK_MS = 5_000;

/**
 * Whether this inbox event removes the connection's current grant: a deauthorization created since
 * the connection was last (re)connected. One created before is about the grant a reconnect
 * replaced (delivered late), and changes nothing.
 */
export const deauthorizesCurrentGrant = (event: Pick<InboxEvent, 'type' | 'eventCreated'>, connection: Pick<StripeConnection, 'connectedAt'>): boolean =>
  event.type === DEAUTHORIZED_EVENT_TYPE && event.eventCreated.getTime() >= connection.connectedAt.getTime() - CLOCK_SLACK_MS;
