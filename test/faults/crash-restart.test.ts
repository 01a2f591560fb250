import assert from 'node:assert/strict';
import { createSyncCheckpointStore, type SliceCheckpoint } from '../../src/db/sync-checkpoint-store';
import { isUsedEventType, profileEventOf, type StripeEventEnvelope } from '../../src/domain/stripe-events';
import { SeededRandom } from '../../src/stripe-emulator/seed/random';
import { syncWorkflowId } from '../../src/temporal/ids';
import { stripeSyncProgressQuery, type StripeSyncResult } from '../../src/workflows/messages';
import { waitFor } from '../support/wait';
import type { WorkerProcess } from '../support/worker';
import { expectedProfiles } from '../sync/oracle';
import { createSeededAccount, rawObjects, requestLog, type EmulatedAccount } from '../sync/sync-harness';
import { syncedProfiles } from '../sync/synced-state';
import { enableAutomations, REFUND_ALERT_MINIMUM } from './support/automations';
import { connectWithApiKey, untilActive, type TestProject } from './support/connect';
import { spawnStackWorker, startStackApi, useFaultStack } from './support/fault-stack';
import { liveActivity, type LiveActivity } from './support/live-activity';
import { duplicatedKeys, mirrorDifferences } from './support/mirror-state';
import { backfillPages, reReadsByFault, startingAfter } from './support/page-reads';
import { faultScale } from './support/scale';
import { deliveriesTo, untilAllDelivered, untilRetrying, type WebhookDelivery } from './support/webhook-deliveries';

const SEED = 41;
const PAGE_SIZE = 100;
/** Injected in this order, each once the sync has committed more pages since the one before. */
const FAULTS = ['worker killed', 'Temporal restarted', 'worker killed', 'PostgreSQL restarted', 'API restarted', 'worker killed'] as const;
type Fault = (typeof FAULTS)[number];
/** Activity while a part is down: enough events that some reach the endpoint whatever the draw. */
const BURST = 4;
const ACTIVE = ['active', 'trialing', 'past_due'];

interface Injected {
  fault: Fault;
  at: number;
  pagesBefore: number;
  /** slices with a page in flight when it struck: the most pages it may cost */
  inFlight: number;
  /** where every slice stood (read once the worker was dead, for a kill) */
  checkpoints: SliceCheckpoint[];
  /** events Stripe made while the part was down */
  whileDown: string[];
}

/**
 * R1, on the suite's own PostgreSQL, Temporal dev server (SQLite file), API and worker processes:
 * a first sync of a seeded account while Stripe activity goes on and its webhooks flow. The
 * worker is SIGKILLed three times, Temporal, PostgreSQL and the API are each restarted, every fault
 * once the sync has committed more pages. The mirror must end equal to Stripe's objects, nothing
 * recorded twice, the sync resumed from its checkpoints, every webhook processed once.
 */
describe('crashes and restarts during a backfill with live webhooks', function () {
  const scale = faultScale('crashRestart');
  this.timeout(scale.timeoutMs);
  // Stripe's event list is not read while this runs: what the inbox holds came by webhook.
  const stack = useFaultStack({ label: 'crash-restart', worker: 'none', sweepInboxEveryMs: 1_000, config: { stripe: { eventsPollSeconds: 86_400 } } });
  let account: EmulatedAccount;
  let project: TestProject;
  let connectionId: string;
  let endpointId: string;
  let activity: LiveActivity;
  let result: StripeSyncResult;
  let deliveries: WebhookDelivery[];
  let runId: string;
  const injected: Injected[] = [];
  let workerDiedWithTemporal = false;
  const db = () => stack.env.db;
  const committedPages = async () => (await createSyncCheckpointStore(db()).listForRun(runId)).reduce((n, c) => n + c.pages, 0);

  before(async function () {
    this.timeout(scale.timeoutMs);
    const { env } = stack;
    // where the time goes, printed as it goes: a run that times out on a slower machine says where it was
    const started = Date.now();
    const mark = (what: string) => console.log(`      [${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
    // Stripe retries for days with a growing backoff; here the same schedule, compressed
    await env.emulator.control('/_emulator/webhooks/config', { retryBaseMs: 250, maxAttempts: 14 });
    account = await createSeededAccount(env, { seed: SEED, customers: scale.customers });
    project = await stack.api.createProject('Crash and restart');
    await enableAutomations(stack, project.projectId, ['dunning', 'refund-alert']);
    let worker: WorkerProcess = spawnStackWorker(stack);
    connectionId = await connectWithApiKey(stack, project, account.secretKey);
    // a budget below the default keeps the backfill going through every fault (from its next page on)
    await env.connections.setRateBudget(connectionId, { global: scale.budget, perEndpoint: scale.budget });
    endpointId = (await env.connections.get(connectionId)).webhookEndpointId!;
    assert.ok(endpointId, 'the connection registered its webhook endpoint in the account');

    const seeded = await rawObjects(env, account.id);
    const estimatedPages = [seeded.customers, seeded.subscriptions, seeded.charges].reduce((n, list) => n + Math.ceil(list.length / PAGE_SIZE), 0);
    activity = liveActivity(env.emulator, account.id, {
      random: new SeededRandom(SEED),
      customers: seeded.customers.filter((c) => !c.deleted).map((c) => c.id),
      subscriptions: seeded.subscriptions.filter((s) => ACTIVE.includes(s.status)).map((s) => s.id),
    });
    runId = await waitFor(async () => (await db()('sync_runs').where({ connection_id: connectionId }).first())?.id as string | undefined,
      { what: 'the sync run', timeoutMs: 120_000 });
    activity.flow(scale.activityEveryMs);
    mark(`the backfill started (about ${estimatedPages} pages at ${scale.budget} req/s)`);
    const sync = env.temporal.client.workflow.getHandle(syncWorkflowId(connectionId));

    const burstUntilRetrying = async (into: Injected) => {
      into.whileDown = await activity.burst(BURST);
      await untilRetrying(env.emulator, endpointId, into.whileDown);
    };
    const workerAlive = () => worker.child.exitCode === null && worker.child.signalCode === null;
    const inject: Record<Fault, (into: Injected) => Promise<void>> = {
      'worker killed': async (into) => {
        assert.ok(workerAlive(), 'the worker outlived every restart since it started');
        process.kill(worker.child.pid!, 'SIGKILL');
        await worker.exited;
        into.checkpoints = await createSyncCheckpointStore(db()).listForRun(runId);
        worker = spawnStackWorker(stack);
      },
      'Temporal restarted': async (into) => {
        await env.stack!.restartTemporal(async () => {
          // the API still takes webhooks: they wait in the inbox, answered 200
          into.whileDown = await activity.burst(BURST);
          const wanted = new Set(into.whileDown);
          await waitFor(async () => {
            const mine = (await deliveriesTo(env.emulator, endpointId)).filter((d) => wanted.has(d.event));
            return mine.length > 0 && mine.every((d) => d.state === 'succeeded');
          }, { what: 'the webhooks sent while Temporal is down answered', timeoutMs: 30_000 });
        });
        // the worker process may not outlive its server: then it is started again, as a supervisor would
        if (!workerAlive()) {
          workerDiedWithTemporal = true;
          worker = spawnStackWorker(stack);
        }
      },
      'PostgreSQL restarted': (into) => env.stack!.restartPostgres(() => burstUntilRetrying(into)),
      'API restarted': async (into) => {
        await stack.api.close();
        await burstUntilRetrying(into);
        stack.api = await startStackApi(stack);
      },
    };

    const step = Math.max(3, Math.floor(estimatedPages / (FAULTS.length + 3)));
    for (const fault of FAULTS) {
      const target = (await committedPages()) + step;
      await waitFor(async () => (await committedPages()) >= target, { what: `${step} more committed pages before "${fault}"`, timeoutMs: 180_000, intervalMs: 200 });
      assert.equal((await db()('sync_runs').where({ id: runId }).first()).status, 'running', `the sync is still running when "${fault}"`);
      const progress = await waitFor(() => sync.query(stripeSyncProgressQuery), { what: 'the sync\'s progress', timeoutMs: 30_000 });
      const into: Injected = { fault, at: Date.now(), pagesBefore: await committedPages(), inFlight: progress.slices.running, checkpoints: [], whileDown: [] };
      mark(`"${fault}" at ${into.pagesBefore} committed pages`);
      await inject[fault](into);
      injected.push(into);
      mark(`"${fault}" done`);
    }
    await activity.stop();

    result = (await sync.result()) as StripeSyncResult;
    mark('the sync completed');
    await untilActive(stack, project, connectionId, 120_000);
    deliveries = await untilAllDelivered(env.emulator, endpointId, 300_000);
    mark(`Stripe delivered its ${deliveries.length} webhooks`);
    await waitFor(async () => Number((await db()('stripe_event_inbox').where({ connection_id: connectionId, status: 'pending' }).count('* as n'))[0]!.n) === 0,
      { what: 'every inbox event processed', timeoutMs: 300_000, intervalMs: 1_000 });
    mark('the inbox is processed');
  });

  it('ends with the mirror equal to Stripe\'s objects, field by field, and every profile as the oracle has it', async () => {
    const differences = await mirrorDifferences(db(), stack.env.emulator, connectionId, account.id);
    assert.deepEqual(differences.slice(0, 20), [], `${differences.length} objects differ`);
    const raw = await rawObjects(stack.env, account.id);
    const expected = expectedProfiles([raw]);
    const profiles = await syncedProfiles(db(), project.projectId);
    assert.deepEqual([...profiles.keys()].sort(), [...expected.profiles.keys()].sort(), 'the same profiles, by identity');
    // automations set traits of their own (the refund alert's `refund.follow_up`): Stripe's are compared
    const stripeTraits = (traits: Record<string, unknown>) => Object.fromEntries(Object.entries(traits).filter(([k]) => k.startsWith('stripe.')));
    for (const [key, want] of expected.profiles) {
      assert.deepEqual(stripeTraits(profiles.get(key)!.traits), want.traits, `traits of ${key}`);
      assert.deepEqual(profiles.get(key)!.customerIds, want.customerIds, `links of ${key}`);
    }
    const objects = raw.customers.length + raw.subscriptions.length + raw.charges.length;
    console.log(`      ${objects} objects in Stripe (${raw.customers.length} customers, ${raw.subscriptions.length} subscriptions, ${raw.charges.length} charges), ` +
      `${JSON.stringify(result.counts)} by the backfill, the rest by webhook; mirror differences: 0`);
  });

  it('records nothing twice: mirror rows, profiles, inbox and profile events, automation runs, sync runs', async () => {
    const duplicated = await duplicatedKeys(db(), project.projectId, connectionId);
    assert.deepEqual(Object.entries(duplicated).filter(([, n]) => n > 0), [], JSON.stringify(duplicated));
  });

  it('resumes the sync from its checkpoints after every fault: only pages in flight are read again', async () => {
    const pages = backfillPages(await requestLog(stack.env, account.id));
    const reReads = reReadsByFault(pages, injected.map((f) => f.at));
    assert.deepEqual(reReads[0], { pages: 0, requests: 0 }, 'no page read twice before the first fault');
    injected.forEach((f, i) => assert.ok(reReads[i + 1]!.pages <= f.inFlight, `after "${f.fault}": ${reReads[i + 1]!.pages} pages read again, ${f.inFlight} were in flight`));
    for (const f of injected.filter((k) => k.fault === 'worker killed')) {
      const after = pages.filter((r) => r.time >= f.at).map(startingAfter);
      for (const c of f.checkpoints.filter((k) => !k.done && k.cursor)) assert.ok(after.includes(c.cursor), `slice ${c.sliceId} went on after ${c.cursor}`);
    }
    const total = await committedPages();
    const repeated = reReads.reduce((n, r) => n + r.requests, 0);
    assert.ok(pages.length <= total + repeated, `${pages.length} page requests for ${total} committed pages and ${repeated} pages read again`);
    assert.ok(repeated <= 3 * injected.reduce((n, f) => n + f.inFlight, 0), `${repeated} requests for pages read again: a few per page in flight at most`);
    console.log(`      ${injected.length} faults at ${injected.map((f) => f.pagesBefore).join(', ')} of ${total} committed pages; pages read again per fault: ` +
      `${injected.map((f, i) => `${f.fault} ${reReads[i + 1]!.pages} (of ${f.inFlight} in flight; ${reReads[i + 1]!.requests} requests)`).join(', ')}; ${pages.length} page requests in all` +
      `${workerDiedWithTemporal ? '; the worker process exited with Temporal and was started again' : ''}`);
  });

  it('processes every webhook Stripe sent once, those refused while a part was down included', async () => {
    assert.deepEqual(deliveries.filter((d) => d.state !== 'succeeded').map((d) => `${d.event} ${d.state}`), [], 'Stripe gave up on none');
    const sent = new Map(deliveries.map((d) => [d.event, d.type]));
    const rows: { stripe_event_id: string; status: string }[] = await db()('stripe_event_inbox').where({ connection_id: connectionId }).select('stripe_event_id', 'status');
    const inbox = new Map(rows.map((r) => [r.stripe_event_id, r.status]));
    for (const [event, type] of sent) assert.equal(inbox.get(event), isUsedEventType(type) ? 'processed' : 'ignored', `${event} (${type})`);
    assert.equal(rows.length, sent.size, 'nothing in the inbox but what Stripe sent, each once');
    for (const f of injected.filter((k) => k.fault === 'PostgreSQL restarted' || k.fault === 'API restarted')) {
      const retried = deliveries.filter((d) => f.whileDown.includes(d.event));
      assert.ok(retried.length > 0 && retried.every((d) => d.attempts >= 2), `the webhooks refused while "${f.fault}" were delivered by Stripe's retries`);
    }

    const recording = [...sent].filter(([, type]) => profileEventOf(type)).map(([event]) => event).sort();
    const recorded = (await db()('profile_events').where({ project_id: project.projectId, source: 'stripe' }).pluck('source_event_id')) as string[];
    assert.deepEqual(recorded.sort(), recording, 'one timeline entry per event that records one');
    const retries = deliveries.reduce((n, d) => n + d.attempts - 1, 0);
    console.log(`      ${deliveries.length} webhooks sent for ${activity.events.length} events (${JSON.stringify(activity.done)}), ` +
      `${retries} retried deliveries; ${rows.length} inbox events, ${recorded.length} timeline entries, each once`);
  });

  it('starts one automation run per matching event, in the ledger and in Temporal', async () => {
    const events = (await stack.env.emulator.get<{ data: StripeEventEnvelope[] }>(`/_emulator/accounts/${account.id}/objects?type=events`)).data;
    const delivered = new Set(deliveries.map((d) => d.event));
    const ofType = (type: string) => events.filter((e) => delivered.has(e.id) && e.type === type);
    const want = {
      dunning: ofType('charge.failed').map((e) => e.id).sort(),
      'refund-alert': ofType('charge.refunded').filter((e) => Number(e.data.object.amount_refunded) >= REFUND_ALERT_MINIMUM).map((e) => e.id).sort(),
    };
    const runs = () => db()('automation_runs').where({ project_id: project.projectId });
    const all = want.dunning.length + want['refund-alert'].length;
    assert.ok(want.dunning.length > 0, 'failed charges came in');
    await waitFor(async () => (await runs().clone().whereNot({ status: 'pending' })).length === all, { what: `${all} runs started`, timeoutMs: 120_000, intervalMs: 1_000 });
    for (const [automationId, ids] of Object.entries(want)) {
      assert.deepEqual(((await runs().clone().where({ automation_id: automationId }).pluck('source_event_id')) as string[]).sort(), ids, automationId);
    }
    const { count } = await stack.env.temporal.client.workflow.count('WorkflowType = "AutomationWorkflow"');
    assert.equal(count, all, 'Temporal started each run once');
    console.log(`      runs: dunning ${want.dunning.length}, refund alert ${want['refund-alert'].length}; ${count} AutomationWorkflow executions`);
  });
});
