import assert from 'node:assert/strict';
import type { Activities, CheckStripeDriftOutput } from '../activities';
import type { CheckStripeDriftInput } from '../activities/drift-check';
import { emptyDriftCounts, noDrift } from '../domain/drift';
import { waitFor } from '../../test/support/wait';
import { fakeInbox, useAccountWorkflowWorker } from '../../test/support/workflows/account-workflow-harness';
import { driftCheckRequestedSignal, driftCheckScheduledSignal } from './messages';

/** Drift check activities as fakes: every kind is one page of Stripe's list, then the unlisted objects. */
function fakeDriftCheck() {
  const started: string[] = [];
  const steps: Pick<CheckStripeDriftInput, 'driftCheckId' | 'kind' | 'step'>[] = [];
  const finished: string[] = [];
  const activities: Partial<Activities> = {
    startDriftCheck: async () => {
      const driftCheckId = `drift_${started.length + 1}`;
      started.push(driftCheckId);
      return { driftCheckId, createdBefore: 1_700_000_000 };
    },
    checkStripeDrift: async ({ driftCheckId, kind, step }): Promise<CheckStripeDriftOutput> => {
      steps.push({ driftCheckId, kind, step });
      return { next: step.phase === 'list' ? { phase: 'unlisted' } : null, drift: noDrift() };
    },
    finishDriftCheck: async ({ driftCheckId }) => (finished.push(driftCheckId), emptyDriftCounts()),
  };
  return { started, steps, finished, activities };
}

describe('StripeAccountWorkflow: the drift check (fake activities)', () => {
  const withWorker = useAccountWorkflowWorker();

  it('runs on the connection\'s schedule, kind by kind: Stripe\'s list, then what it did not list', async () => {
    const drift = fakeDriftCheck();
    await withWorker({ ...fakeInbox(), ...drift.activities }, async (start) => {
      const handle = await start({ driftCheckEverySeconds: 1 });
      await waitFor(() => drift.finished.length >= 2, { what: 'two scheduled drift checks' });
      assert.deepEqual(drift.steps.filter((s) => s.driftCheckId === 'drift_1').map((s) => `${s.kind}:${s.step.phase}`), [
        'customers:list', 'customers:unlisted', 'subscriptions:list', 'subscriptions:unlisted', 'charges:list', 'charges:unlisted',
      ]);
      await handle.terminate();
    });
  });

  it('with its schedule off, runs only when asked', async () => {
    const drift = fakeDriftCheck();
    await withWorker({ ...fakeInbox(), ...drift.activities }, async (start) => {
      const handle = await start({ driftCheckEverySeconds: 3600 });
      await handle.signal(driftCheckScheduledSignal, 0);
      await handle.signal(driftCheckRequestedSignal);
      await waitFor(() => drift.finished.length === 1, { what: 'the drift check asked for' });
      assert.deepEqual(drift.started, ['drift_1']);
      await handle.terminate();
    });
  });
});
