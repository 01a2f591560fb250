import { heartbeat } from '@temporalio/activity';
import { isUsedEventType, USED_EVENT_TYPES, type StripeEventEnvelope } from '../domain/stripe-events';
import type { ActivityDeps } from './deps';
import { callingStripe, toActivityFailure } from './stripe-failures';

export interface PollStripeEventsInput {
  connectionId: string;
  /** continue a poll that stopped at its page bound (Stripe's `starting_after`) */
  startingAfter?: string | null;
}

export interface PollStripeEventsOutput {
  /** events the inbox did not have */
  stored: number;
  latestSeq: number;
  /** the poll stopped at its bound: call again with this cursor */
  startingAfter: string | null;
  /** the watermark is older than the 30 days Stripe keeps events: only a resync recovers what happened */
  beyondRetention: boolean;
  /** when to poll next, from the worker's configuration */
  nextPollSeconds: number;
  /** the connection is disconnected: there is nothing to read, and nothing for its workflow to do */
  disconnected?: boolean;
}

/** Events are re-read this far below the watermark: their order in Stripe's list and our clock may differ a little. */
export const POLL_OVERLAP_SECONDS = 300;
const RETENTION_SECONDS = 30 * 86_400;
const MAX_PAGES_PER_CALL = 20;

export function createPollEventsActivities({ connections, gateways, inbox, eventsPollSeconds }: ActivityDeps) {
  return {
    /**
     * Reads the account's events since the connection's watermark (with an overlap) from Stripe's
     * event list and puts those the inbox lacks into it, as if their webhooks had arrived: the
     * catch-up after an outage, lost deliveries, or a reconnect. Moves the watermark once the list
     * has been read to its end.
     */
    async pollStripeEvents({ connectionId, startingAfter = null }: PollStripeEventsInput): Promise<PollStripeEventsOutput> {
      const connection = await connections.get(connectionId);
      const startedAt = Math.floor(Date.now() / 1000);
      const done = async (stored: number, cursor: string | null, beyondRetention = false): Promise<PollStripeEventsOutput> =>
        ({ stored, latestSeq: await inbox.latestSeq(connectionId), startingAfter: cursor, beyondRetention, nextPollSeconds: eventsPollSeconds });
      if (connection.status === 'disconnected') return { ...(await done(0, null)), disconnected: true };

      const watermark = Math.floor((connection.eventsWatermark ?? connection.connectedAt).getTime() / 1000);
      const oldestKept = startedAt - RETENTION_SECONDS;
      const beyondRetention = watermark < oldestKept;
      const gateway = await callingStripe(() => gateways.forConnection(connection));
      let cursor = startingAfter;
      let stored = 0;
      for (let page = 0; page < MAX_PAGES_PER_CALL; page++) {
        const { events, hasMore } = await gateway.listEvents({
          createdGte: Math.max(watermark - POLL_OVERLAP_SECONDS, oldestKept + 60), types: USED_EVENT_TYPES, startingAfter: cursor,
        }).catch((error: unknown) => { throw toActivityFailure(error); });
        for (const event of events as unknown as StripeEventEnvelope[]) {
          if (event.livemode !== connection.livemode) continue;
          const { duplicate } = await inbox.receive(connectionId, event, 'poll', !isUsedEventType(event.type));
          if (!duplicate) stored++;
        }
        heartbeat({ page, stored });
        cursor = events.at(-1)?.id ?? cursor;
        if (!hasMore) {
          await connections.advanceEventsWatermark(connectionId, new Date(startedAt * 1000));
          return done(stored, null, beyondRetention);
        }
      }
      return done(stored, cursor, beyondRetention);
    },
  };
}
