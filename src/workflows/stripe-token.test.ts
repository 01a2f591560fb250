import assert from 'node:assert/strict';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities, RefreshStripeTokenInput, RefreshStripeTokenOutput } from '../activities';
import { randomBase62 } from '../domain/ids';
import { sharedTemporal } from '../../test/support/temporal';
import { waitFor } from '../../test/support/wait';
import { refreshStripeTokenUpdate, type StripeAccountInput } from './messages';
import { StripeAccountWorkflow } from './stripe-account';

const silent = () => undefined;
const quietLogger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, log: silent };

/** A token store whose refreshes take a moment and are due again `dueInMs` later; it counts overlaps. */
function fakeRefresher(dueInMs: number) {
  const seen = { calls: [] as RefreshStripeTokenInput[], running: 0, mostAtOnce: 0, refreshed: 0, token: 'fp_1' };
  const refreshStripeToken = async (input: RefreshStripeTokenInput): Promise<RefreshStripeTokenOutput> => {
    seen.calls.push(input);
    seen.running++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.running--;
    // as the real activity: a refused token that was replaced already is not refreshed again
    const stale = input.rejected === undefined || input.rejected === seen.token;
    if (stale) seen.token = `fp_${++seen.refreshed + 1}`;
    return { refreshed: stale, refreshAt: Date.now() + dueInMs };
  };
  return { seen, refreshStripeToken };
}

const pollStripeEvents = async () => ({ stored: 0, latestSeq: 0, startingAfter: null, beyondRetention: false, nextPollSeconds: 300 });

describe('StripeAccountWorkflow keeps a Stripe App token fresh (fake activities)', () => {
  let bundle: WorkflowBundle;
  before(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: quietLogger });
  });

  async function withAccountWorkflow(activities: Partial<Activities>, input: Partial<StripeAccountInput>, body: (handle: WorkflowHandle<typeof StripeAccountWorkflow>) => Promise<void>) {
    const temporal = await sharedTemporal();
    const taskQueue = `token-wf-${randomBase62(8)}`;
    const worker = await Worker.create({ connection: temporal.connection, taskQueue, workflowBundle: bundle, activities: activities as Activities });
    const connectionId = `conn_${randomBase62(8)}`;
    await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(StripeAccountWorkflow, {
        taskQueue, workflowId: `stripe-account:${connectionId}`,
        args: [{ connectionId, projectId: 'proj_1', stripeAccountId: 'acct_1', livemode: false, ...input }],
      });
      try {
        await body(handle);
      } finally {
        await handle.terminate();
      }
    });
  }

  it('an App connection\'s token is refreshed at once, and again each time it falls due', async () => {
    const { seen, refreshStripeToken } = fakeRefresher(400);
    await withAccountWorkflow({ pollStripeEvents, refreshStripeToken }, { mode: 'app' }, async () => {
      await waitFor(() => seen.refreshed >= 3 && seen.running === 0, { what: 'three timed refreshes' });
      assert.ok(seen.calls.every((c) => c.rejected === undefined), 'the timer asks with no refused token');
    });
  });

  it('asks that arrive together are served one at a time, and only the first refreshes', async () => {
    const { seen, refreshStripeToken } = fakeRefresher(3_600_000);
    await withAccountWorkflow({ pollStripeEvents, refreshStripeToken }, { mode: 'app' }, async (handle) => {
      await waitFor(() => seen.refreshed === 1, { what: 'the first refresh' });
      const rejected = seen.token;
      const answers = await Promise.all(Array.from({ length: 6 }, () => handle.executeUpdate(refreshStripeTokenUpdate, { args: [{ rejected }] })));
      assert.deepEqual(answers.map((a) => a.refreshed).sort(), [false, false, false, false, false, true]);
      assert.equal(seen.mostAtOnce, 1, 'never two refreshes at once');
    });
  });

  it('for other connections nothing runs until an activity asks; then the timer takes over', async () => {
    const { seen, refreshStripeToken } = fakeRefresher(300);
    await withAccountWorkflow({ pollStripeEvents, refreshStripeToken }, { mode: 'oauth' }, async (handle) => {
      await handle.query('accountProgress');
      assert.equal(seen.calls.length, 0);
      await handle.executeUpdate(refreshStripeTokenUpdate, { args: [{ rejected: seen.token }] });
      await waitFor(() => seen.calls.length >= 3 && seen.running === 0, { what: 'timed refreshes after the first ask' });
    });
  });
});
