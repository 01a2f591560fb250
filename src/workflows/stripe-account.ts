import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure, allHandlersFinished, ApplicationFailure, condition, continueAsNew, getExternalWorkflowHandle, log, ParentClosePolicy,
  patched, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler, sleep, startChild, workflowInfo,
} from '@temporalio/workflow';
import type { Activities, ImportTimelineHistoryOutput, PollStripeEventsOutput } from '../activities';
import type { SyncKind } from '../domain/sync-run';
import {
  cancelSyncUpdate, inboxAdvancedSignal, resyncUpdate, stripeAccountProgressQuery, syncFinishedSignal, timelineHistoryRequestedSignal,
  type ResyncResult, type StripeAccountInput, type StripeAccountState,
} from './messages';
import { handleCustomerResync } from './account-customer-resync';
import { ensureSyncable, handleDisconnect, refuseWhileDisconnecting } from './account-disconnect';
import { handleDriftCheck } from './account-drift-check';
import {
  ConnectionIdAttribute, ProjectIdAttribute, StripeAccountIdAttribute, SyncPhaseAttribute, syncWorkflowDetails, syncWorkflowId, syncWorkflowSummary,
} from './shared';
import { StripeSyncWorkflow } from './stripe-sync';
import { startAutomationRuns, wakeWaitingRuns } from './automation-starts';
import { keepStripeTokenFresh } from './stripe-token';
import { followSyncs } from './sync-follower';

const EVENTS_PER_ACTIVITY = 100;
/**
 * A backlog this small is a live trickle: its events are processed inside the workflow task the
 * signal started, as a local activity, which saves an activity task's round trips through the
 * server and a second workflow task per wake-up. Larger backlogs (a drain after an outage, a burst)
 * keep the ordinary activity, which heartbeats and shows as pending in the UI while it runs.
 */
const IN_TASK_MAX_EVENTS = 20;
const IN_TASK_MAX_SECONDS = 5;
const DEFAULT_CONTINUE_AS_NEW_AFTER = 2_000;

const { processStripeEvents, pollStripeEvents, importTimelineHistory } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const { processStripeEvents: processStripeEventsInTask } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
  // retries further apart become timers in the history, so a failing trickle does not hold a workflow task
  localRetryThreshold: '10 seconds',
});

/** Until the first poll says otherwise (the worker's STRIPE_EVENTS_POLL_SECONDS). */
const DEFAULT_POLL_SECONDS = 300;
/** After a step failed for good: the wait before it is tried again. */
const FAILED_STEP_PAUSE = '1 minute';
/** How long cancelSync waits for the server to take the cancel request. */
const CANCEL_WAIT = '10 seconds';
/** How long a disconnect waits for the cancelled sync to say it stopped (its cleanup included). */
const SYNC_STOP_WAIT = '2 minutes';

/**
 * The live side of one Stripe connection, id `stripe-account:<connectionId>`, running as long as
 * the connection: it processes the connection's inbox in sequence order (signals carry only the
 * newest sequence number, so a burst of webhooks is a handful of signals), reads Stripe's event list
 * for what webhooks missed (on start, on resync and every few minutes), and owns the sync, which it
 * starts as a child that outlives its continue-as-new. Only the cursors travel across runs.
 */
export async function StripeAccountWorkflow(input: StripeAccountInput): Promise<void> {
  const { connectionId } = input;
  const state: StripeAccountState = input.state ?? { processedSeq: 0, knownSeq: 0, continuedAsNew: 0, nextPollAt: 0 };
  const limit = input.options?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  let signals = 0;
  let pollNow = state.nextPollAt <= Date.now();
  let lastFailure: string | null = null;
  /** automation runs this run started: not offered to the server again while they begin */
  const startedRuns = new Set<string>();
  const follower = followSyncs(connectionId, () => !!state.syncRunning, () => void (state.syncRunning = false));
  follower.resume();

  setHandler(inboxAdvancedSignal, (seq) => {
    signals++;
    state.knownSeq = Math.max(state.knownSeq, seq);
  });
  setHandler(stripeAccountProgressQuery, () => ({ ...state, signals }));
  keepStripeTokenFresh(input);
  // The import reads the mirror, so it waits for the sync; it does nothing while the option is off.
  setHandler(timelineHistoryRequestedSignal, () => void (state.historyWanted = true));
  setHandler(syncFinishedSignal, () => {
    state.syncRunning = false;
    state.historyWanted = true;
  });
  async function cancelSync(): Promise<boolean> {
    if (!state.syncRunning) return false;
    // A sync that ended without saying so (terminated from outside) must not hold the caller for ever.
    const requested = await Promise.race([
      getExternalWorkflowHandle(syncWorkflowId(connectionId)).cancel().then(() => true, () => false),
      sleep(CANCEL_WAIT).then(() => false),
    ]);
    if (!requested) state.syncRunning = false;
    return requested;
  }
  setHandler(cancelSyncUpdate, async () => ({ canceled: await cancelSync() }));
  const disconnecting = handleDisconnect(connectionId, state, async () => {
    if (await cancelSync()) await condition(() => !state.syncRunning, SYNC_STOP_WAIT);
  });
  handleCustomerResync(connectionId, disconnecting);
  const drift = handleDriftCheck(input, state, () => !state.syncRunning && !disconnecting.requested);
  setHandler(resyncUpdate, async ({ kind }) => {
    // runs before the child starts, so histories of runs from before it must not meet it
    if (patched('resync-checks-the-connection')) await ensureSyncable(connectionId, disconnecting);
    pollNow = true; // a reconnect catches up on what happened meanwhile
    return startSync(kind);
  }, {
    validator: ({ kind }) => {
      if (kind !== 'initial' && kind !== 'resync') throw ApplicationFailure.nonRetryable(`unknown sync kind ${String(kind)}`, 'InvalidResync');
      refuseWhileDisconnecting(disconnecting);
    },
  });

  async function startSync(kind: SyncKind): Promise<ResyncResult> {
    const workflowId = syncWorkflowId(connectionId);
    try {
      await startChild(StripeSyncWorkflow, {
        workflowId,
        args: [{ connectionId, kind }],
        // The sync outlives this run's continue-as-new; the server says whether one is running.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: ProjectIdAttribute, value: input.projectId },
          { key: ConnectionIdAttribute, value: connectionId },
          { key: StripeAccountIdAttribute, value: input.stripeAccountId },
          { key: SyncPhaseAttribute, value: 'starting' },
        ],
        staticSummary: syncWorkflowSummary(input, kind),
        staticDetails: syncWorkflowDetails(input),
      });
      state.syncRunning = true;
      follower.started();
      return { workflowId, started: true };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      state.syncRunning = true;
      return { workflowId, started: false };
    }
  }

  const historyIsLong = () => workflowInfo().historyLength >= limit || workflowInfo().continueAsNewSuggested;
  const show = () => setCurrentDetails([
    `**Inbox:** processed up to #${state.processedSeq} of #${state.knownSeq} · signals this run: ${signals} · continued as new ${state.continuedAsNew}×`,
    ...(lastFailure ? [`**Last failure:** ${lastFailure}`] : []),
  ].join('\n\n'));

  /**
   * Runs a step whose failure must not end the workflow: transient errors are retried inside the
   * activity, so what arrives here is permanent for now (revoked credentials, say). It is shown in
   * the UI and the step is tried again later.
   */
  async function survive(what: string, step: () => Promise<void>): Promise<boolean> {
    try {
      await step();
      lastFailure = null;
      return true;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      lastFailure = `${what}: ${error.cause?.message ?? error.message}`;
      log.warn(`${what} failed; trying again later`, { connectionId, error: lastFailure });
      return false;
    }
  }

  /** Reads Stripe's event list to its end into the inbox; beyond Stripe's 30 days only a resync helps. */
  async function poll(): Promise<void> {
    state.nextPollAt = Date.now() + DEFAULT_POLL_SECONDS * 1000;
    let startingAfter: string | null = null;
    do {
      const out: PollStripeEventsOutput = await pollStripeEvents({ connectionId, startingAfter });
      if (out.disconnected) return disconnecting.foundDisconnected();
      state.knownSeq = Math.max(state.knownSeq, out.latestSeq);
      state.nextPollAt = Date.now() + out.nextPollSeconds * 1000;
      if (out.beyondRetention) await startSync('resync');
      startingAfter = out.startingAfter;
    } while (startingAfter);
  }

  async function importHistory(): Promise<void> {
    let from: ImportTimelineHistoryOutput['next'] = null;
    do {
      const out: ImportTimelineHistoryOutput = await importTimelineHistory({ connectionId, ...(from ? { from } : {}) });
      from = out.next;
    } while (from);
  }

  async function processInbox(): Promise<void> {
    while (state.knownSeq > state.processedSeq && !historyIsLong() && !disconnecting.requested) {
      const afterSeq = state.processedSeq;
      // histories from before the local activity took the trickle replay with the ordinary one
      const inTask = state.knownSeq - afterSeq <= IN_TASK_MAX_EVENTS && patched('live-events-in-workflow-task');
      const out = inTask
        ? await processStripeEventsInTask({ connectionId, afterSeq, maxEvents: IN_TASK_MAX_EVENTS, maxSeconds: IN_TASK_MAX_SECONDS })
        : await processStripeEvents({ connectionId, afterSeq, maxEvents: EVENTS_PER_ACTIVITY, maxSeconds: 30 });
      state.processedSeq = out.processedSeq;
      state.knownSeq = Math.max(state.knownSeq, out.latestSeq);
      await wakeWaitingRuns(out.wakes);
      await startAutomationRuns(out.automationStarts, startedRuns);
      if (out.deauthorized) disconnecting.deauthorizedInStripe(out.deauthorized.grantConnectedAt);
      show();
      if (out.retryInMs) await sleep(out.retryInMs);
    }
  }

  const carryOn = () => continueAsNew<typeof StripeAccountWorkflow>({ ...input, state: { ...state, continuedAsNew: state.continuedAsNew + 1 } });

  /**
   * The connection's end: once disconnected, the workflow has nothing left to do. A deauthorization
   * that a reconnect overtook ends nothing: the workflow goes on, in a fresh run, for the new grant.
   */
  async function end(): Promise<void> {
    const { superseded } = await disconnecting.windDown();
    await condition(allHandlersFinished);
    if (superseded) return carryOn();
  }

  for (;;) {
    show();
    const woken = await condition(
      () => state.knownSeq > state.processedSeq || pollNow || !!state.historyWanted || historyIsLong() || disconnecting.requested || drift.ready,
      Math.max(1, Math.min(state.nextPollAt || Date.now() + DEFAULT_POLL_SECONDS * 1000, drift.nextAt()) - Date.now()),
    );
    if (disconnecting.requested) return end();
    if (!woken || pollNow) {
      pollNow = false;
      await survive('reading Stripe\'s event list', poll);
    }
    if (!(await survive('processing events', processInbox))) await condition(() => disconnecting.requested, FAILED_STEP_PAUSE);
    if (disconnecting.requested) return end();
    if (state.historyWanted) {
      state.historyWanted = false;
      await survive('importing the timeline history', importHistory);
    }
    if (drift.ready) await survive('checking for drift', () => drift.step());
    if (historyIsLong()) {
      // a disconnect's Update waits for the wind-down, so it is never left behind a continue-as-new
      await condition(() => allHandlersFinished() || disconnecting.requested);
      if (disconnecting.requested) return end();
      return carryOn();
    }
  }
}
