import { heartbeat } from '@temporalio/activity';
import type { InboxEvent } from '../db/event-inbox-store';
import { isUsedEventType } from '../domain/stripe-events';
import { maskSecrets } from '../stripe/errors';
import type { AutomationRunStart } from '../domain/automation';
import { applyEvent, readEventState } from './apply-event';
import { claimTriggeredWork, type WaitWake } from './automation-trigger';
import { deauthorizesCurrentGrant } from './deauthorization';
import { createAlerting } from './connection-alerts';
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
  /** automation runs claimed and not yet begun: the workflow starts them as children */
  automationStarts: AutomationRunStart[];
  /** runs waiting for an event these events recorded: the workflow signals them */
  wakes: WaitWake[];
  /**
   * Stripe removed our access to the account: processing stopped there, and the workflow
   * disconnects the grant it removed (named by its `connectedAt`, epoch ms)
   */
  deauthorized?: { grantConnectedAt: number };
}

/** Claimed runs started per call at most; the rest wait for the next call. */
const MAX_STARTS = 200;

/** Attempts before an event is set aside as dead, so that one bad event never blocks an account. */
export const DEAD_AFTER_ATTEMPTS = 5;

const backoffMs = (attempts: number) => Math.min(60_000, 1_000 * 2 ** (attempts - 1));

/** Events whose Stripe reads run ahead of their turn. */
const READ_AHEAD = 8;

/**
 * `read` for each item, at most `READ_AHEAD` ahead of the one taken: `take` returns (or throws) that
 * item's result, and starts the next read. A read that fails waits, unobserved, for its turn.
 */
function prefetched<T, R>(items: T[], read: (item: T) => Promise<R>) {
  const started = new Map<T, Promise<{ ok: R } | { error: unknown }>>();
  let next = 0;
  const fill = (upTo: number) => {
    for (; next < items.length && next < upTo; next++) {
      const item = items[next]!;
      started.set(item, read(item).then((ok) => ({ ok }), (error: unknown) => ({ error })));
    }
  };
  return {
    async take(item: T): Promise<R> {
      fill(items.indexOf(item) + READ_AHEAD);
      const result = await started.get(item)!;
      started.delete(item);
      if ('error' in result) throw result.error;
      return result.ok;
    },
  };
}

export function createStripeEventActivities({ connections, gateways, inbox, eventWrites, profileOf, logger, automations, metrics, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
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
      const out: ProcessStripeEventsOutput = { processedSeq: input.afterSeq, latestSeq, processed: 0, dead: 0, automationStarts: [], wakes: [] };
      const gateway = rows.length ? await callingStripe(() => gateways.forConnection(connection)) : undefined;

      const applies = (row: InboxEvent) => connection.status !== 'disconnected' && isUsedEventType(row.type);
      // Stripe is read ahead, a few events at once (within the rate budget), while they are applied in order.
      const reads = prefetched(rows.filter(applies), (row) => readEventState(gateway!, row.payload, (customerId) => profileOf.hasCustomer(connectionId, customerId)));

      const processOne = async (row: InboxEvent) => {
        if (!applies(row)) {
          await inbox.settle(connectionId, row.seq, 'ignored');
          return;
        }
        if (deauthorizesCurrentGrant(row, connection)) {
          await inbox.settle(connectionId, row.seq, 'processed');
          out.deauthorized = { grantConnectedAt: connection.connectedAt.getTime() };
          return;
        }
        const state = await reads.take(row);
        const woken = await eventWrites.run(async (stores) => {
          await stores.identity.lockProject(scope.projectId);
          const applied = await applyEvent(stores, scope, row.payload, state);
          await stores.inbox.settle(connectionId, row.seq, 'processed');
          // only the first recording of an event sets anything going: a redelivery finds it recorded
          return applied?.created ? claimTriggeredWork(stores, automations.catalog, { connectionId, event: row.payload, recorded: applied.recorded }) : undefined;
        });
        if (woken) out.wakes.push(...woken.wakes);
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
          const { attempts, dead } = await alerting.recordFailure(connectionId, row.seq, message, DEAD_AFTER_ATTEMPTS);
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
        if (out.deauthorized) {
          complete = false;
          break;
        }
      }
      // Every pending event up to `latestSeq` was in this page: the ones between were settled already.
      if (complete) out.processedSeq = Math.max(out.processedSeq, latestSeq);
      await inbox.setProcessedSeq(connectionId, out.processedSeq);
      await alerting.deliverPending(connectionId);
      // every claimed run not yet begun, these events' and any a crash or continue-as-new left behind
      out.automationStarts = await automations.runs.pendingForConnection(connectionId, MAX_STARTS);
      return out;
    },
  };
}
