import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { createSyncCheckpointStore } from '../../src/db/sync-checkpoint-store';
import { automationCatalog } from '../../src/domain/automation';
import type { AutomationDefinition } from '../../src/workflows/automations/kit/define';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { AUTOMATIONS as NEXT_RELEASE } from '../fixtures/next-release/automations';
import { startAutomationWorld } from '../support/automations/automation-world';
import { DAY, inspectRun, timersOf, waitRows } from '../support/automations/run-inspection';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';
import { bundleWorkflows } from '../support/workflow-bundles';
import { expectedProfiles } from '../sync/oracle';
import { connect, createSeededAccount, rawObjects, startSync, startSyncEnv } from '../sync/sync-harness';

/** The next release: this one's code with dunning version 2 beside version 1 (the versioning rule). */
const nextRelease = () => bundleWorkflows([{ request: './index', from: 'automations', file: require.resolve('../fixtures/next-release/automations') }]);

/**
 * A new worker version deployed while automation runs wait on 3-day timers and a sync is mid-way.
 * The runs in flight finish on their code, new runs start on the new version, the sync carries on,
 * and nothing is started twice.
 */
describe('a new worker version deployed mid-flight', function () {
  this.timeout(240_000);

  it('automation runs waiting on 3-day timers (time-skipping server) finish on their version; new ones start on the new one', async () => {
    const world = await startAutomationWorld({ deployable: true });
    await world.enable('dunning', { webhookUrl: world.hooks.url });
    const inFlight = [];
    for (const id of ['ch_r7_1', 'ch_r7_2', 'ch_r7_3']) inFlight.push(...(await world.record('Stripe Charge Failed', { id })));
    for (const run of inFlight) await waitFor(async () => (await waitRows(world.db, run.start.runId)).length === 1, { what: 'the run waiting 3 days' });

    await world.deploy({ bundle: await nextRelease(), catalog: automationCatalog(NEXT_RELEASE as AutomationDefinition[]) });
    const [fresh] = await world.record('Stripe Charge Failed', { id: 'ch_r7_new' });

    for (const run of inFlight) {
      assert.deepEqual(await run.result(), { status: 'completed', result: 'reminder sent' }, 'version 1 to its end');
      assert.deepEqual(await timersOf(world.env, run.start.workflowId), [3 * DAY]);
      const { ledger, steps } = await inspectRun(world.db, run);
      assert.equal(ledger.version, 1);
      assert.deepEqual(steps.map((s) => s.kind), ['email', 'wait for event', 'email', 'webhook']);
    }
    assert.deepEqual(await fresh!.result(), { status: 'completed', result: 'v2 reminders sent' });
    assert.equal((await inspectRun(world.db, fresh!)).ledger.version, 2);
    assert.deepEqual(await timersOf(world.env, fresh!.start.workflowId), [DAY, 3 * DAY]);

    assert.equal(world.smtp.received.length, 3 * 2 + 3, 'two emails per version-1 run, three for the version-2 one; none twice');
    assert.equal(world.hooks.received.length, 3);
    for (const run of inFlight) {
      const history = await world.env.client.workflow.getHandle(run.start.workflowId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: await nextRelease() }, history, run.start.workflowId);
    }
  });

  it('a sync half-way through carries on under the new worker from its checkpoints (private Temporal and PostgreSQL)', async () => {
    const env = await startSyncEnv({ privateStack: true });
    const account = await createSeededAccount(env, { seed: 11, customers: 1_000 });
    const connection = await connect(env, account, { mode: 'api_key', rateBudget: { global: 6, perEndpoint: 6 } });
    const startWorker = async (workflowBundle?: Awaited<ReturnType<typeof nextRelease>>) => {
      const worker = await startTestWorker({ db: env.db, config: env.config, taskQueue: env.taskQueue, temporal: env.temporal, workflowBundle });
      return () => worker.stop();
    };
    const stopOld = await startWorker();
    const handle = await startSync(env, connection, { concurrency: 3, continueAsNewAfterEvents: 80 });
    const runId = await waitFor(async () => (await env.db('sync_runs').where({ connection_id: connection.id }).first())?.id as string | undefined, { what: 'the sync run' });
    const checkpoints = createSyncCheckpointStore(env.db);
    const pages = async () => (await checkpoints.listForRun(runId)).reduce((n, c) => n + c.pages, 0);
    await waitFor(async () => (await pages()) >= 8, { timeoutMs: 90_000, what: '8 committed pages' });

    await stopOld();
    const pagesAtSwap = await pages();
    await startWorker(await nextRelease());
    const result = (await handle.result()) as StripeSyncResult;

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.deepEqual(result.counts, expected.counts, 'exact counts');
    assert.ok((await pages()) > pagesAtSwap, 'the new worker did the rest');
    assert.equal((await env.db('sync_runs').where({ connection_id: connection.id })).length, 1, 'one sync run, not a second');
  });
});
