import { activityInfo, heartbeat } from '@temporalio/activity';
import type { InboxEvent } from '../db/event-inbox-store';
import { isUsedEventType } from '../domain/stripe-events';
import type { AutomationRunStart } from '../domain/automation';
import { applyEvents, readEventState } from './apply-event';
import { eventBatches, failureOf, type Outcome, type ReadRow } from './event-batches';
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

export function createStripeEventActivities({ connections, gateways, inbox, eventWrites, profileOf, logger, automations, metrics, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
  return {
    /**
     * Processes the connection's pending inbox events after `afterSeq`, in order, in transactions
     * that also settle them, so a retried call never applies an event twice; consecutive events
     * share one (see `eventBatches`). An event that fails is retried by the workflow after
     * a backoff, and after five attempts set aside as dead with its error, and the next ones go on.
     */
    async processStripeEvents(input: ProcessStripeEventsInput): Promise<ProcessStripeEventsOutput> {
      const { connectionId } = input;
      const connection = await connections.get(connectionId);
      const scope = { projectId: connection.projectId, connectionId };
      // Read before the rows: every event numbered up to here has committed (see `receive`).
      const latestSeq = await inbox.latestSeq(connectionId);
      const rows = await inbox.pendingAfter(connectionId, input.afterSeq, input.maxEvents);
      const deadline = Date.now() + input.maxSeconds * 1000;
      const local = activityInfo().isLocal;
      const out: ProcessStripeEventsOutput = { processedSeq: input.afterSeq, latestSeq, processed: 0, dead: 0, automationStarts: [], wakes: [] };
      const gateway = rows.length ? await callingStripe(() => gateways.forConnection(connection)) : undefined;

      const applies = (row: InboxEvent) => connection.status !== 'disconnected' && isUsedEventType(row.type);
      const appliedAsGroup = (row: InboxEvent) => applies(row) && !deauthorizesCurrentGrant(row, connection);
      /** One transaction for consecutive events: the project lock, their writes, their settling and what they set going. */
      const applyTogether = async (group: ReadRow[]) => {
        const wakes = await eventWrites.run(async (stores) => {
          await stores.identity.lockProject(scope.projectId);
          const applied = await applyEvents(stores, scope, group.map(({ row, state }) => ({ event: row.payload, state })));
          await stores.inbox.settle(connectionId, group.map(({ row }) => row.seq), 'processed');
          const claimed: WaitWake[] = [];
          for (const [i, { row }] of group.entries()) {
            const recorded = applied[i];
            // only the first recording of an event sets anything going: a redelivery finds it recorded
            if (recorded?.created) claimed.push(...(await claimTriggeredWork(stores, automations.catalog, { connectionId, event: row.payload, recorded: recorded.recorded })).wakes);
          }
          return claimed;
        });
        out.wakes.push(...wakes);
      };
      // Stripe is read ahead, a few events at once (within the rate budget), while they are applied in order.
      const batches = eventBatches({
        rows,
        grouped: appliedAsGroup,
        read: (row) => readEventState(gateway!, row.payload, (customerId) => profileOf.hasCustomer(connectionId, customerId)),
        applyTogether,
      });

      /** The next step from `rows[from]`: events settled without applying them, or a group applied. */
      const step = async (from: number): Promise<Outcome[]> => {
        const row = rows[from]!;
        if (!applies(row)) {
          await inbox.settle(connectionId, row.seq, 'ignored');
          return [{ row }];
        }
        if (deauthorizesCurrentGrant(row, connection)) {
          await inbox.settle(connectionId, row.seq, 'processed');
          out.deauthorized = { grantConnectedAt: connection.connectedAt.getTime() };
          return [{ row }];
        }
        return batches.applyFrom(from);
      };

      let complete = rows.length < input.maxEvents;
      let next = 0;
      steps: while (next < rows.length) {
        if (Date.now() > deadline) {
          complete = false;
          break;
        }
        let outcomes: Outcome[];
        try {
          outcomes = await step(next);
        } catch (error) {
          outcomes = [{ row: rows[next]!, failure: failureOf(error) }];
        }
        for (const { row, failure } of outcomes) {
          next++;
          if (failure === undefined) {
            metrics.eventProcessed(row.via, row.receivedAt);
            out.processed++;
          } else {
            const { attempts, dead } = await alerting.recordFailure(connectionId, row.seq, failure, DEAD_AFTER_ATTEMPTS);
            logger.warn({ connectionId, seq: row.seq, stripeEventId: row.stripeEventId, attempts, dead }, `event processing failed: ${failure}`);
            if (!dead) {
              out.retryInMs = backoffMs(attempts);
              complete = false;
              break steps;
            }
            out.dead++;
          }
          out.processedSeq = row.seq;
        }
        // a local activity (the workflow's live trickle) has no heartbeat: its workflow task is its lease
        if (!local) heartbeat({ processedSeq: out.processedSeq });
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
