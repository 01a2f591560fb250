/**
 * Live-event benchmarks, on the production API and worker processes, the Temporal dev server,
 * PostgreSQL and the Stripe emulator (250 ms latency, test-mode limits, the default budget):
 *
 *   P5  webhook ingest: signed events from a loopback load generator, as fast as the API acknowledges,
 *       across the accounts; ack rate and latency, events lost, and how fast the backlog drains.
 *   P6  at 100 events/s with every 10th a failed charge (the dunning automation on): latency from the
 *       webhook's ack to the profile event, and to the automation's child workflow started.
 *
 *   npm run bench:webhooks [-- --quick] [--accounts N] [--seconds N] [--only p5|p6] [--one-project] [--rate N] [--no-dunning] [--temporal-in-memory]
 *     [--cpu-prof] (CPU profiles of the API and the worker into test-artifacts/bench/)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import { connectStripe } from '../src/api/commands/connect-stripe';
import { createAccountWaker } from '../src/api/live/account-waker';
import { loadConfig } from '../src/config';
import { createAutomationSettingStore } from '../src/db/automation-setting-store';
import { createConnectionStore } from '../src/db/connection-store';
import { createEventInboxStore } from '../src/db/event-inbox-store';
import { createProjectStore } from '../src/db/project-store';
import { createSegmentStore } from '../src/db/segment-store';
import { automationCatalog, defaultParams } from '../src/domain/automation';
import { randomBase62 } from '../src/domain/ids';
import { REPO_ROOT } from '../src/infra/paths';
import { createLogger } from '../src/logging/logger';
import { createEncryptor, generateEncryptionKey, type Encryptor } from '../src/security/encryption';
import { accountWorkflowId, syncWorkflowId } from '../src/temporal/ids';
import { createOrchestrator } from '../src/temporal/orchestrator';
import { AUTOMATIONS } from '../src/workflows/automations';
import { waitFor } from '../test/support/wait';
import { seedAccount } from './lib/accounts';
import { describeMachine, loadAverages, machineInfo } from './lib/machine';
import { CpuMeter } from './lib/proc-stats';
import { createProjectDatabase } from './lib/run-database';
import { runMain } from './lib/run-main';
import { startApi, startWorker, type ServiceEnv } from './lib/service-processes';
import { configureEmulator, startBenchStack } from './lib/stack';
import { inTaskStats, schedulingStats } from './lib/workflow-history';
import { paced, percentile, saturate, type LoadTarget, type SentEvent } from './lib/webhook-load';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false }, accounts: { type: 'string' }, seconds: { type: 'string' },
    only: { type: 'string' }, 'cpu-prof': { type: 'boolean', default: false }, 'no-dunning': { type: 'boolean', default: false },
    'temporal-in-memory': { type: 'boolean', default: false }, 'one-project': { type: 'boolean', default: false }, rate: { type: 'string' },
  },
});
const quick = values.quick!;
const ACCOUNTS = Number(values.accounts ?? (quick ? 10 : 50));
/** P6's events per second across the accounts */
const P6_RATE = Number(values.rate ?? 100);
const SECONDS = Number(values.seconds ?? (quick ? 15 : 60));
const OUT = path.join(REPO_ROOT, 'test-artifacts', 'bench');
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const profileDir = values['cpu-prof'] ? path.join(OUT, `profiles-${Date.now()}`) : undefined;
const nodeFlags = (label: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, label)}`] : []);

async function inboxPending(db: Knex): Promise<number> {
  return Number((await db('stripe_event_inbox').where({ status: 'pending' }).count({ n: '*' }))[0]!.n);
}

/** Events of `sent` in the inbox: every acknowledged one must be there. */
async function inInbox(db: Knex, sent: SentEvent[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < sent.length; i += 5_000) {
    found += Number((await db('stripe_event_inbox').whereIn('stripe_event_id', sent.slice(i, i + 5_000).map((e) => e.id)).count({ n: '*' }))[0]!.n);
  }
  return found;
}

/** Waits for the inbox to empty; with a meter, the CPU each process spent per event drained. */
async function drain(db: Knex, timeoutMs: number, meter?: CpuMeter): Promise<{ seconds: number; pendingAtStart: number; drainCpuMsPerEvent?: Record<string, number> }> {
  const pendingAtStart = await inboxPending(db);
  const started = Date.now();
  meter?.begin();
  await waitFor(async () => (await inboxPending(db)) === 0, { timeoutMs, intervalMs: 500, what: 'the inbox to drain' });
  const seconds = (Date.now() - started) / 1000;
  return meter ? { seconds, pendingAtStart, drainCpuMsPerEvent: perEvent(meter.read(), pendingAtStart) } : { seconds, pendingAtStart };
}

const perEvent = (cpuSeconds: Record<string, number>, events: number) =>
  Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, round((s * 1000) / Math.max(events, 1), 2)]));

/** P6: latency at `P6_RATE` (100) events/s, every 10th a failed charge that triggers dunning. */
async function latencyToAutomations({ db, client, projectIds, encryptor, targets, pids }: {
  db: Knex; client: Client; projectIds: string[]; encryptor: Encryptor; targets: LoadTarget[]; pids: Record<string, number>;
}) {
  const spec = automationCatalog(AUTOMATIONS).find('dunning')!;
  const settings = createAutomationSettingStore(db, encryptor);
  // --no-dunning: the same events, no automation on, to tell the runs' cost from the events'
  const dunning = !values['no-dunning'];
  if (dunning) for (const projectId of projectIds) await settings.save(projectId, 'dunning', { enabled: true, params: defaultParams(spec.params), testModeEmails: false });
  // the CPU the load costs, ingest and processing together, and the queue it leaves
  const meter = new CpuMeter(pids);
  meter.begin();
  const loadStarted = Date.now();
  const p6All = await paced(targets, { seconds: SECONDS, perSecond: P6_RATE, triggerEvery: 10 });
  const p6Sent = p6All.filter((e) => e.status === 200);
  const pendingAtEndOfLoad = await inboxPending(db);
  const loadCpu = meter.read();
  const coresBusy = round(Object.values(loadCpu).reduce((a, b) => a + b, 0) / ((Date.now() - loadStarted) / 1000), 2);
  await drain(db, 5 * 60_000);
  const ids = p6Sent.map((e) => e.id);
  const recorded = new Map((await db('profile_events').whereIn('source_event_id', ids).select('source_event_id', 'created_at'))
    .map((r: { source_event_id: string; created_at: Date }) => [r.source_event_id, r.created_at.getTime()]));
  const toEvent = p6Sent.filter((e) => recorded.has(e.id)).map((e) => recorded.get(e.id)! - e.ackAt);
  const failed = p6Sent.filter((e) => e.type === 'charge.failed');
  // a charge of a deleted customer has no profile to record an event on, so it triggers nothing
  const failedRecorded = failed.filter((e) => recorded.has(e.id)).length;
  const runs = !dunning ? [] : await waitFor(async () => {
    const rows = await db('automation_runs').whereIn('source_event_id', failed.map((e) => e.id)).select('source_event_id', 'workflow_id') as { source_event_id: string; workflow_id: string }[];
    return rows.length >= failedRecorded && rows;
  }, { timeoutMs: 120_000, what: 'a run per recorded failed charge' });
  // a run is claimed with its event and started by the account workflow just after; those not
  // started within two minutes of the drain are reported, not waited for
  const startedAt = new Map<string, number>();
  const describeStarted = async (workflowId: string) => {
    const described = await client.workflow.getHandle(workflowId).describe().catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    });
    if (described) startedAt.set(workflowId, described.startTime.getTime());
  };
  const startWaitEnds = Date.now() + 120_000;
  while (startedAt.size < runs.length && Date.now() < startWaitEnds) {
    for (const run of runs) if (!startedAt.has(run.workflow_id)) await describeStarted(run.workflow_id);
    if (startedAt.size < runs.length) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const toChild = runs.filter((r) => startedAt.has(r.workflow_id))
    .map((r) => startedAt.get(r.workflow_id)! - failed.find((e) => e.id === r.source_event_id)!.ackAt);
  const p6 = {
    sent: p6Sent.length, unanswered: p6All.length - p6Sent.length, profileEvents: toEvent.length, withoutProfile: p6Sent.length - toEvent.length,
    failedCharges: failed.length, runs: runs.length, runsNotStarted: runs.length - startedAt.size,
    toProfileEventP50Ms: round(percentile(toEvent, 50)), toProfileEventP95Ms: round(percentile(toEvent, 95)),
    toChildStartedP50Ms: round(percentile(toChild, 50)), toChildStartedP95Ms: round(percentile(toChild, 95)),
    pendingAtEndOfLoad, cpuMsPerEventDuringLoad: perEvent(loadCpu, p6Sent.length), coresBusyDuringLoad: coresBusy, loadAverage: loadAverages(),
  };
  // where the time goes, from the histories of a few account workflows: the event activities, and the trickle processed in workflow tasks
  const sampled = targets.slice(0, 5).map((t) => accountWorkflowId(t.connectionId));
  const eventActivities = await Promise.all(sampled.map((id) => schedulingStats(client, id, 'processStripeEvents')));
  const eventsInTask = await Promise.all(sampled.map((id) => inTaskStats(client, id)));
  Object.assign(p6, { eventActivities, eventsInTask });
  console.log(`P6 ${JSON.stringify(p6)}`);
  return p6;
}

/** P5: ingest at the API's pace, then how fast the backlog drains; CPU per event of each process in both. */
async function ingest({ db, pids, targets }: { db: Knex; pids: Record<string, number>; targets: LoadTarget[] }) {
  const meter = new CpuMeter(pids);
  meter.begin();
  const generatorStart = process.cpuUsage();
  const p5Sent = await saturate(targets, { seconds: SECONDS, concurrency: 64 });
  // the generator is this process alone: its children are the services measured above
  const { user, system } = process.cpuUsage(generatorStart);
  const cpuSeconds = { ...meter.read(), generator: (user + system) / 1e6 };
  const cpuMsPerEvent = perEvent(cpuSeconds, p5Sent.length);
  const acked = p5Sent.filter((e) => e.status >= 200 && e.status < 300);
  const p5 = {
    sent: p5Sent.length, acknowledged: acked.length, refused: p5Sent.length - acked.length,
    perSecond: round(acked.length / SECONDS), ackP50Ms: round(percentile(acked.map((e) => e.ackMs), 50)), ackP99Ms: round(percentile(acked.map((e) => e.ackMs), 99)),
    lost: acked.length - (await inInbox(db, acked)),
    cpuMsPerEvent, loadAverage: loadAverages(),
    ...(await drain(db, 20 * 60_000, meter)),
  };
  const drainRate = round(p5.pendingAtStart / Math.max(p5.seconds, 0.001));
  console.log(`P5 ${JSON.stringify(p5)}; drained at ${drainRate} events/s`);

  return { ...p5, drainRate };
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const machine = machineInfo();
  console.log(`${quick ? 'QUICK run: ' : ''}${ACCOUNTS} accounts${values['one-project'] ? ' of one project' : ', a project each'}, ${SECONDS} s per load; machine: ${describeMachine(machine)}; load ${loadAverages().join(', ')}`);
  // --temporal-in-memory: the dev server without its SQLite file, to tell its writes' cost from the rest
  const stack = await startBenchStack({ temporalInMemory: values['temporal-in-memory'] });
  const connection = await Connection.connect({ address: stack.temporal.address });
  const client = new Client({ connection });
  const database = await createProjectDatabase(stack.pg);
  const encryptionKey = generateEncryptionKey();
  const env: ServiceEnv = {
    DATABASE_URL: database.url, TEMPORAL_ADDRESS: stack.temporal.address, TEMPORAL_TASK_QUEUE: `bench-${randomBase62(8)}`,
    ENCRYPTION_KEY: encryptionKey, STRIPE_API_URL: stack.emulator.url,
  };
  const [worker, api] = await Promise.all([startWorker(env, client, nodeFlags('worker')), startApi(env, nodeFlags('api'))]);
  try {
    await configureEmulator(stack.emulator, { latencyMs: 250, limits: { test: { global: 25, perEndpoint: 25 }, live: { global: 100, perEndpoint: 25 } } });
    const encryptor = createEncryptor(encryptionKey);
    const projects = createProjectStore(database.db);
    const projectIds: string[] = [];
    const connections = createConnectionStore(database.db, encryptor);
    const orchestrator = createOrchestrator(client, env.TEMPORAL_TASK_QUEUE);
    const logger = createLogger('warn', 'bench');
    const deps = {
      config: loadConfig({ ...env, APP_URL: api.url }), connections, segments: createSegmentStore(database.db),
      inbox: createEventInboxStore(database.db), orchestrator, accountWaker: createAccountWaker(orchestrator, logger), logger,
    };

    const targets: LoadTarget[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const account = await seedAccount(stack.emulator, { seed: 7_000 + i, customers: 20, livemode: false });
      // each account its own project, as the companies that connect them are; or all in one (--one-project)
      if (i === 0 || !values['one-project']) projectIds.push((await projects.create(`bench webhooks ${i}`)).project.id);
      const { connection: conn } = await connectStripe(deps, projectIds.at(-1)!, {
        mode: 'api_key', stripeAccountId: account.id, livemode: false, credentials: { secretKey: account.secretKey }, scope: null, accountName: null,
      });
      const { data } = await stack.emulator.control<{ data: Record<string, unknown>[] }>('GET', `/_emulator/accounts/${account.id}/objects?type=charges`);
      targets.push({
        connectionId: conn.id, url: `${api.url}/webhooks/stripe/${conn.id}`, secret: (await connections.webhookSecrets(conn.id))[0]!, livemode: false,
        charges: data.filter((c) => typeof c.customer === 'string'),
      });
    }
    await Promise.all(targets.map((t) => client.workflow.getHandle(syncWorkflowId(t.connectionId)).result()));
    console.log(`${ACCOUNTS} accounts connected and synced`);

    const pids = {
      api: api.child.pid!, worker: worker.child.pid!, postgres: stack.pgPid, temporal: stack.temporal.process.pid!, emulator: stack.emulator.child.pid!,
    };
    const p5 = values.only === 'p6' ? undefined : await ingest({ db: database.db, pids, targets });
    const p6 = values.only === 'p5' ? undefined : await latencyToAutomations({ db: database.db, client, projectIds, encryptor, targets, pids });
    const file = path.join(OUT, `webhooks-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ machine, quick, temporalInMemory: values['temporal-in-memory'], dunning: !values['no-dunning'], accounts: ACCOUNTS, projects: projectIds.length, seconds: SECONDS, p6Rate: P6_RATE, p5, p6 }, null, 2));
    console.log(`raw figures: ${path.relative(REPO_ROOT, file)}`);
  } finally {
    await Promise.all([worker.stop(), api.stop()]);
    await database.drop();
    await connection.close();
    await stack.stop();
  }
}

runMain(main);
