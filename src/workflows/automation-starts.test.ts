import assert from 'node:assert/strict';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { Activities, ProcessStripeEventsInput, ProcessStripeEventsOutput } from '../activities';
import type { AutomationRunStart } from '../domain/automation';
import { randomBase62 } from '../domain/ids';
import { sharedTemporal } from '../../test/support/temporal';
import { waitFor } from '../../test/support/wait';
import { inboxAdvancedSignal, stripeAccountProgressQuery } from './messages';
import { AutomationIdAttribute, automationRunWorkflowId } from './shared';
import { StripeAccountWorkflow } from './stripe-account';

const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined };

/**
 * The account workflow's side of exactly once, with the ledger played by a fake that keeps the
 * real one's rules: a claim is unique per (automation, Stripe event), and every call offers all runs
 * claimed and not yet begun. Runs begin slowly, so claimed runs are still pending when the workflow
 * continues as new in the middle of the inbox, and the next run offers them again.
 */
function fakeLedger(projectId: string, stripeEventIds: string[]) {
  const ledger = new Map<string, AutomationRunStart & { begun: number }>();
  const begins: string[] = [];
  let processed = 0;
  const processStripeEvents = async (input: ProcessStripeEventsInput): Promise<ProcessStripeEventsOutput> => {
    const batch = stripeEventIds.slice(input.afterSeq, input.afterSeq + 5);
    for (const eventId of batch) {
      for (const automationId of ['dunning', 'audit']) {
        const key = `${automationId}:${eventId}`;
        if (ledger.has(key)) continue; // a redelivered event claims nothing
        ledger.set(key, {
          runId: `arun_${key}`, workflowId: automationRunWorkflowId(projectId, automationId, eventId), projectId, automationId,
          profileId: 'prof_1', summary: `${automationId} · ada@example.com · ${eventId}`, begun: 0,
        });
      }
    }
    processed = input.afterSeq + batch.length;
    const automationStarts = [...ledger.values()].filter((r) => r.begun === 0).map(({ begun: _begun, ...start }) => start);
    return { processedSeq: processed, latestSeq: stripeEventIds.length, processed: batch.length, dead: 0, automationStarts, wakes: [] };
  };
  const activities: Partial<Activities> = {
    processStripeEvents,
    pollStripeEvents: async () => ({ stored: 0, latestSeq: stripeEventIds.length, startingAfter: null, beyondRetention: false, nextPollSeconds: 300 }),
    beginAutomationRun: async ({ runId }) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      begins.push(runId);
      const run = [...ledger.values()].find((r) => r.runId === runId)!;
      run.begun++;
      // switched off: the run ends at once, which is all this test needs of it
      return { automationId: run.automationId, version: 1, testMode: true, enabled: false, event: { id: 'pev', name: 'x', occurredAt: '', properties: {}, sourceEventId: null }, profile: { id: 'prof_1', email: null, traits: {} }, params: {} };
    },
    finishAutomationRun: async () => undefined,
  };
  return { ledger, begins, activities, processed: () => processed };
}

describe('automation runs started by the account workflow', function () {
  this.timeout(120_000);

  it('start once per (automation, event): duplicated and reordered events, and a continue-as-new mid-inbox', async () => {
    const temporal = await sharedTemporal();
    const projectId = `proj_${randomBase62(8)}`;
    const unique = Array.from({ length: 30 }, (_, i) => `evt_${i}`);
    // every third event delivered twice, the order shuffled deterministically
    const delivered = [...unique, ...unique.filter((_, i) => i % 3 === 0)].sort((a, b) => (a.length * 7 + Number(a.slice(4)) * 13) % 17 - (b.length * 7 + Number(b.slice(4)) * 13) % 17);
    const fake = fakeLedger(projectId, delivered);
    const taskQueue = `automation-starts-${randomBase62(8)}`;
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: quiet });
    const worker = await Worker.create({ connection: temporal.connection, taskQueue, workflowBundle, activities: fake.activities as Activities });

    await worker.runUntil(async () => {
      const connectionId = `conn_${randomBase62(8)}`;
      const handle = await temporal.client.workflow.start(StripeAccountWorkflow, {
        taskQueue, workflowId: `stripe-account:${connectionId}`,
        args: [{ connectionId, projectId, stripeAccountId: 'acct_1', livemode: false, options: { continueAsNewAfterEvents: 30 } }],
      });
      await handle.signal(inboxAdvancedSignal, delivered.length);
      await waitFor(() => fake.begins.length >= 60 && fake.processed() === delivered.length, { what: 'every run begun', timeoutMs: 90_000 });
      const progress = await handle.query(stripeAccountProgressQuery);
      assert.ok(progress.continuedAsNew >= 1, `continued as new ${progress.continuedAsNew}× while runs were pending`);
      await handle.terminate();
    });

    assert.equal(fake.ledger.size, 60, 'two automations × 30 distinct events');
    assert.equal(fake.begins.length, 60, 'no run began twice');
    assert.equal(new Set(fake.begins).size, 60);
    const listRuns = async () => {
      const runs = [];
      for await (const run of temporal.client.workflow.list({ query: `WorkflowType = "AutomationWorkflow" AND ProjectId = "${projectId}"` })) runs.push(run);
      return runs;
    };
    // visibility is eventually consistent: wait for it to catch up, then it must say exactly 60
    const runs = await waitFor(async () => {
      const listed = await listRuns();
      return listed.length >= 60 && listed;
    }, { what: 'the runs in visibility' });
    assert.equal(runs.length, 60, 'one workflow per run, found by its search attributes');
    assert.equal(runs.filter((r) => r.typedSearchAttributes.get(AutomationIdAttribute) === 'dunning').length, 30);
  });
});
