import {
  ActivityCancellationType, ActivityFailure, ApplicationFailure, CancellationScope, continueAsNew, getExternalWorkflowHandle, isCancellation,
  patched, proxyActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Activities, CopyStripeSliceOutput } from '../activities';
import type { ConnectionStatus } from '../domain/connection';
import type { SyncPhase } from '../domain/sync-run';
import { allDone, applySliceProgress, assignSlices, planSlices, type SlicePlan, type SyncSlice } from '../domain/sync-slices';
import { ConnectionStatusAttribute, SyncPhaseAttribute, syncRunIdOf, syncWorkflowId } from './shared';
import {
  stripeSyncProgressQuery, syncFinishedSignal, type StripeSyncInput, type StripeSyncOptions, type StripeSyncResult, type StripeSyncState,
} from './messages';
import { copiedSoFar, copyPhase, planCounts, planTotals, progressMarkdown, progressView, sliceSummary, type RateBasis } from './sync-progress';

const DEFAULT_OPTIONS: Required<Omit<StripeSyncOptions, 'concurrency'>> = {
  slicesPerType: 4,
  pagesPerActivity: 10,
  secondsPerActivity: 30,
  continueAsNewAfterEvents: 1_000,
};

/** How often (workflow time) estimated totals go to `sync_runs` between phase changes. */
const PROGRESS_EVERY_MS = 3_000;

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 };

const { startSyncRun, recordSyncProgress, completeSyncRun, failSyncRun, describeStripeAccount } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry,
});

// A killed worker's slice is retried within ~15 s: heartbeats stop, the timeout fires, the next
// attempt resumes from the checkpoint committed with the last page.
// On failure the workflow cancels the running slices and waits until they have stopped, so no
// activity keeps calling Stripe for a sync that is over.
const copyOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry,
} as const;
/** Each call is summarized for the UI: which slice of which type, from which page. */
const copyStripeSlice = (slice: SyncSlice) => proxyActivities<Activities>({ ...copyOptions, summary: sliceSummary(slice) }).copyStripeSlice;

const { reconcileSyncedObjects } = proxyActivities<Activities>({ startToCloseTimeout: '15 minutes', retry });

// Counts are for the progress shown: one quick try, the sync never waits long for them.
const { countStripeObjects } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 2 } });

/**
 * The first sync (or a resync) of one Stripe connection, id `stripe-sync:<connectionId>`: pages
 * customers, subscriptions and charges in parallel `created` slices into the mirror and profiles,
 * reconciles, and marks the run and connection. State travels across continue-as-new.
 */
export async function StripeSyncWorkflow(input: StripeSyncInput): Promise<StripeSyncResult> {
  const options = { ...DEFAULT_OPTIONS, ...input.options };
  const running = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  let state = input.state;
  let phase: SyncPhase = state ? copyPhase(state.plan) : 'starting';
  let lastReportAt = 0;
  /** the run this execution works on, once opened (a resumed one keeps its earlier id) */
  let openedRunId: string | undefined;
  /** the rate so far is measured from here: a resumed run's earlier pages say nothing about it */
  let basis: RateBasis | undefined;
  const view = () => progressView(state, phase, running, basis);
  setHandler(stripeSyncProgressQuery, view);

  const show = () => setCurrentDetails(progressMarkdown(view()));

  /**
   * Search attribute, `sync_runs` and UI follow the phase; totals are refreshed now and then. The
   * final phases are written by `completeSyncRun` / `failSyncRun` with the final numbers.
   */
  async function report(next: SyncPhase): Promise<void> {
    const changed = next !== phase;
    phase = next;
    show();
    if (changed) upsertSearchAttributes([{ key: SyncPhaseAttribute, value: next }]);
    const final = next === 'done' || next === 'failed';
    if (!state || final || (!changed && Date.now() - lastReportAt < PROGRESS_EVERY_MS)) return;
    lastReportAt = Date.now();
    await recordSyncProgress({ syncRunId: state.syncRunId, phase: next, totals: planTotals(state.plan) });
  }

  /** Its search attribute follows what the run's activities left the connection as. */
  function showConnectionStatus(out: { connectionStatus?: ConnectionStatus } | undefined): void {
    // `out` is undefined when replaying activities that returned nothing before they reported it
    const status = out?.connectionStatus;
    if (status && patched('sync-shows-connection-status')) upsertSearchAttributes([{ key: ConnectionStatusAttribute, value: status }]);
  }

  /**
   * Opens the run: a new one, or the connection's last run if it did not succeed, whose plan comes
   * back from its committed checkpoints (same run id, so its pages and seen-marks count).
   */
  async function begin(): Promise<StripeSyncState> {
    const requested = syncRunIdOf(workflowInfo().firstExecutionRunId);
    const opened = await startSyncRun({ syncRunId: requested, connectionId: input.connectionId, workflowId: syncWorkflowId(input.connectionId), kind: input.kind });
    const syncRunId = opened.syncRunId;
    openedRunId = syncRunId;
    showConnectionStatus(opened);
    const account = await describeStripeAccount({ connectionId: input.connectionId });
    const common = { syncRunId, concurrency: options.concurrency ?? account.concurrency, continuedAsNew: 0, budgetPerSecond: account.budgetPerSecond };
    if (opened.resumed) {
      const { createdBefore, plan, resumes } = opened.resumed;
      return { ...common, createdBefore, plan: await withStripeTotals(plan, createdBefore), resumes };
    }
    const createdBefore = Math.floor(Date.now() / 1000);
    const plan = await withStripeTotals(planSlices({ now: createdBefore, accountCreated: account.accountCreated, slicesPerType: options.slicesPerType }), createdBefore);
    // Recorded at once, so that a sync failing (or terminated) from here on can be resumed.
    if (patched('sync-run-records-its-range')) await recordSyncProgress({ syncRunId, phase: 'starting', totals: planTotals(plan), createdBefore });
    return { ...common, createdBefore, plan };
  }

  /** The plan with Stripe's counts below the cut-off, which the progress estimates start from. */
  async function withStripeTotals(plan: SlicePlan, createdBefore: number): Promise<SlicePlan> {
    if (!patched('sync-counts-what-stripe-holds')) return plan;
    try {
      return { ...plan, stripeTotals: await countStripeObjects({ connectionId: input.connectionId, createdBefore }) };
    } catch (error) {
      // a sync whose counts failed still runs, on its own estimates; cancellation still ends it
      if (isCancellation(error)) throw error;
      return plan;
    }
  }

  const historyIsLong = () =>
    workflowInfo().historyLength >= options.continueAsNewAfterEvents || workflowInfo().continueAsNewSuggested;

  /**
   * Keeps `concurrency` slices copying until all are done, or history is long: then it stops
   * starting slices, lets the running ones return, and the caller continues as new.
   */
  async function copySlices(s: StripeSyncState): Promise<void> {
    const start = (slice: SyncSlice) => {
      running.add(slice.id);
      const call = copyStripeSlice(slice)({
        connectionId: input.connectionId, syncRunId: s.syncRunId, slice, resumes: s.resumes ?? 0,
        maxPages: options.pagesPerActivity, maxSeconds: options.secondsPerActivity,
      }).then((out: CopyStripeSliceOutput) => {
        s.plan = applySliceProgress(s.plan, out);
        running.delete(slice.id);
        inFlight.delete(slice.id);
      });
      call.catch(() => undefined); // observed through Promise.race; a second failure must not go unhandled
      inFlight.set(slice.id, call);
    };
    // Progress is recorded beside the slices rather than between them: a freed slot is refilled
    // at once instead of after the progress activity's round trip. It is best effort (the final
    // numbers are written when the run completes); the copy waits only for the last one.
    const reportAlongside = patched('sync-reports-progress-alongside-slices');
    let reporting: Promise<void> | undefined;
    const reportProgress = async () => {
      if (!reportAlongside) return report(copyPhase(s.plan));
      if (reporting) return;
      reporting = report(copyPhase(s.plan)).catch(() => undefined).finally(() => (reporting = undefined));
    };
    while (!allDone(s.plan)) {
      if (!historyIsLong()) {
        const { plan, start: ready } = assignSlices(s.plan, running, s.concurrency - running.size);
        s.plan = plan;
        ready.forEach(start);
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
      await reportProgress();
    }
    await reporting;
  }

  async function finish(s: StripeSyncState): Promise<StripeSyncResult> {
    await report('profiles');
    const { unmatchedCharges } = await reconcileSyncedObjects({
      connectionId: input.connectionId, syncRunId: s.syncRunId, createdBefore: s.createdBefore,
    });
    const counts = { ...planCounts(s.plan), unmatchedCharges };
    showConnectionStatus(await completeSyncRun({ syncRunId: s.syncRunId, connectionId: input.connectionId, counts }));
    await report('done');
    await tellParent();
    return { syncRunId: s.syncRunId, counts, continuedAsNew: s.continuedAsNew };
  }

  /** The account workflow that started this sync hears it ended, however; a sync started on its own has none. */
  async function tellParent(): Promise<void> {
    const parent = workflowInfo().parent;
    if (!parent) return;
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(syncFinishedSignal);
    } catch {
      // the account workflow is gone (the connection was removed): nobody to tell
    }
  }

  /** Records the failure on the run and the connection, and returns what the workflow fails with. */
  async function fail(error: unknown): Promise<unknown> {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const failureType = cause instanceof ApplicationFailure ? cause.type ?? undefined : undefined;
    const canceled = isCancellation(error);
    const message = canceled ? 'The sync was canceled.' : (cause as Error | undefined)?.message ?? 'The sync failed.';
    const syncRunId = state?.syncRunId ?? openedRunId ?? syncRunIdOf(workflowInfo().firstExecutionRunId);
    await CancellationScope.nonCancellable(async () => {
      showConnectionStatus(await failSyncRun({ syncRunId, connectionId: input.connectionId, failureType, message, canceled }));
      await report('failed');
      await tellParent();
    });
    return canceled ? error : ApplicationFailure.nonRetryable(message, failureType ?? 'SyncFailed');
  }

  // Slices run in their own scope: when one fails for good, the others are cancelled rather than
  // left calling Stripe for a sync that has already failed.
  const copying = new CancellationScope();
  try {
    state ??= await begin();
    basis = { sinceMs: Date.now(), copiedBefore: copiedSoFar(state.plan) };
    show();
    const s = state;
    await copying.run(() => copySlices(s));
    if (allDone(state.plan)) return await finish(state);
  } catch (error) {
    copying.cancel();
    await Promise.allSettled(inFlight.values());
    throw await fail(error);
  }
  return continueAsNew<typeof StripeSyncWorkflow>({ ...input, state: { ...state, continuedAsNew: state.continuedAsNew + 1 } });
}
