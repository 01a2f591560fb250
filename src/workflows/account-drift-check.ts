import { ActivityFailure, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_DRIFT_CHECK_EVERY_HOURS } from '../domain/drift';
import { STRIPE_OBJECT_TYPES } from '../domain/sync-slices';
import { driftCheckRequestedSignal, driftCheckScheduledSignal, type StripeAccountInput, type StripeAccountState } from './messages';

const { startDriftCheck, checkStripeDrift, finishDriftCheck } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The drift check of an account workflow (apart from the sync's end-of-run reconcile): on its
 * schedule, or when asked, it walks customers, subscriptions and charges, each a bounded step at a
 * time between the workflow's other work, and reports what it repaired in `stripe_drift_checks`.
 */
export interface DriftChecking {
  /** a check is due or under way, and may take its next step now */
  readonly ready: boolean;
  /** workflow time (ms) the next scheduled check falls due; Infinity when the schedule is off */
  nextAt(): number;
  /** one bounded step: the check begins, reads a batch of pages, or ends */
  step(): Promise<void>;
}

/**
 * Registers the drift check's signals (before any await). `mayRun` says when a step may not run:
 * while a sync runs (it rewrites everything anyway), or while the connection is disconnected.
 */
export function handleDriftCheck(input: StripeAccountInput, state: StripeAccountState, mayRun: () => boolean): DriftChecking {
  const { connectionId } = input;
  // runs started before the drift check existed carry on without it; the next run has it
  const enabled = patched('account-runs-drift-checks');
  const drift = (state.drift ??= {
    everySeconds: input.driftCheckEverySeconds ?? DEFAULT_DRIFT_CHECK_EVERY_HOURS * 3600,
    lastAt: Date.now(),
    wanted: false,
  });
  setHandler(driftCheckRequestedSignal, () => void (drift.wanted = true));
  setHandler(driftCheckScheduledSignal, (everySeconds) => void (drift.everySeconds = Math.max(0, everySeconds)));

  const nextAt = () => (drift.everySeconds > 0 ? drift.lastAt + drift.everySeconds * 1000 : Infinity);

  async function begin(): Promise<void> {
    drift.wanted = false;
    drift.lastAt = Date.now();
    const { driftCheckId, createdBefore } = await startDriftCheck({ connectionId });
    drift.running = { driftCheckId, createdBefore, kind: 0, step: { phase: 'list', startingAfter: null } };
  }

  async function advance(run: NonNullable<typeof drift.running>): Promise<void> {
    try {
      const { next } = await checkStripeDrift({
        connectionId, driftCheckId: run.driftCheckId, kind: STRIPE_OBJECT_TYPES[run.kind]!, createdBefore: run.createdBefore, step: run.step,
      });
      if (next) run.step = next;
      else if (run.kind + 1 < STRIPE_OBJECT_TYPES.length) Object.assign(run, { kind: run.kind + 1, step: { phase: 'list', startingAfter: null } });
      else {
        drift.running = undefined;
        await finishDriftCheck({ driftCheckId: run.driftCheckId });
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // this check ends as failed (the next one is on schedule); the caller shows why
      drift.running = undefined;
      await finishDriftCheck({ driftCheckId: run.driftCheckId, error: error.cause?.message ?? error.message });
      throw error;
    }
  }

  return {
    get ready() {
      return enabled && mayRun() && (drift.wanted || !!drift.running || Date.now() >= nextAt());
    },
    nextAt: () => (enabled ? nextAt() : Infinity),
    step: () => (drift.running ? advance(drift.running) : begin()),
  };
}
