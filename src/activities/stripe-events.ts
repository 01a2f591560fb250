import { heartbeat } from '@temporalio/activity';
import type { InboxEvent } from '../db/event-inbox-store';
import { isUsedEventType } from '../domain/stripe-events';
import { maskSecrets } from '../stripe/errors';
import { applyEvent, readEventState } from './apply-event';
import type { ActivityDeps } from './deps';
import { callingStripe } from './stripe-failures';

export interface ProcessStripeEventsInput {
  connectionId: string;
  /** every event up to here is done */
  afterSeq: number;
  /** bounds on one call */
  maxEvents: number;
  maxSeconds: number;
}

export interface ProcessStripeEventsOutput {
  /** every event up to here is now done (processed, ignored or dead) */
  processedSeq: number;
  /** the newest sequence number in the inbox when the call began */
  latestSeq: number;
  processed: number;
  dead: number;
  /** an event failed and is to be tried again after this long; the ones after it wait */
  retryInMs?: number;
}

/** Attempts before an event is set aside as dead, so that one bad event never blocks an account. */
export const DEAD_AFTER_ATTEMPTS = 5;

const backoffMs = (attempts: number) => Math.min(60_000, 1_000 * 2 ** (attempts - 1));

export function createStripeEventActivities({ connections, gateways, inbox, eventWrites, profileOf, logger, metrics }: ActivityDeps) {
  return {
    /**
     * Processes the connection's pending inbox events after `afterSeq`, in order, each in its own
     * transaction that also settles it, so a retried call never applies an event twice. An event
     * that fails is retried by the workflow after a backoff, and after five attempts set aside as
     * dead with its error, and the next ones go on.
     */
    async processStripeEvents(input: ProcessStripeEventsInput): Promise<ProcessStripeEventsOutput> {
      const { connectionId } = input;
      const connection = await connections.get(connectionId);
      const scope = { projectId: connection.projectId, connectionId };
      // Read before the rows: every event numbered up to here has committed (see `receive`).
      const latestSeq = await inbox.latestSeq(connectionId);
      const rows = await inbox.pendingAfter(connectionId, input.afterSeq, input.maxEvents);
      const deadline = Date.now() + input.maxSeconds * 1000;
      const out: ProcessStripeEventsOutput = { processedSeq: input.afterSeq, latestSeq, processed: 0, dead: 0 };
      const gateway = rows.length ? await callingStripe(() => gateways.forConnection(connection)) : undefined;

      const processOne = async (row: InboxEvent) => {
        if (connection.status === 'disconnected' || !isUsedEventType(row.type)) {
          await inbox.settle(connectionId, row.seq, 'ignored');
          return;
        }
        const state = await readEventState(gateway!, row.payload, (customerId) => profileOf.hasCustomer(connectionId, customerId));
        await eventWrites.run(async (stores) => {
          await stores.identity.lockProject(scope.projectId);
          await applyEvent(stores, scope, row.payload, state);
          await stores.inbox.settle(connectionId, row.seq, 'processed');
        });
      };

      let complete = rows.length < input.maxEvents;
      for (const row of rows) {
        if (Date.now() > deadline) {
          complete = false;
          break;
        }
        try {
          await processOne(row);
          metrics.eventProcessed(row.via, row.receivedAt);
          out.processed++;
        } catch (error) {
          const message = maskSecrets((error as Error).message ?? String(error));
          const { attempts, dead } = await inbox.recordFailure(connectionId, row.seq, message, DEAD_AFTER_ATTEMPTS);
          logger.warn({ connectionId, seq: row.seq, stripeEventId: row.stripeEventId, attempts, dead }, `event processing failed: ${message}`);
          if (!dead) {
            out.retryInMs = backoffMs(attempts);
            complete = false;
            break;
          }
          out.dead++;
        }
        out.processedSeq = row.seq;
        heartbeat({ processedSeq: out.processedSeq });
      }
      // Every pending event up to `latestSeq` was in this page: the ones between were settled already.
      if (complete) out.processedSeq = Math.max(out.processedSeq, latestSeq);
      await inbox.setProcessedSeq(connectionId, out.processedSeq);
      return out;
    },
  };
}
