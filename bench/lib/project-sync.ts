import type { Client } from '@temporalio/client';
import { connectStripe } from '../../src/api/commands/connect-stripe';
import { createAccountWaker } from '../../src/api/live/account-waker';
import { loadConfig } from '../../src/config';
import { createEventInboxStore } from '../../src/db/event-inbox-store';
import { createConnectionStore, type ConnectionStore } from '../../src/db/connection-store';
import { createProjectStore } from '../../src/db/project-store';
import { createSegmentStore } from '../../src/db/segment-store';
import { MIRROR_TABLES } from '../../src/db/stripe-object-store';
import type { RateBudget } from '../../src/domain/connection';
import { randomBase62 } from '../../src/domain/ids';
import { createLogger } from '../../src/logging/logger';
import { createEncryptor, generateEncryptionKey } from '../../src/security/encryption';
import { syncWorkflowId } from '../../src/temporal/ids';
import { createOrchestrator } from '../../src/temporal/orchestrator';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { samplePgActivity, type PgActivity } from './pg-activity';
import { CpuMeter, memoryMb } from './proc-stats';
import { sampleProgress, type ProgressSample } from './progress-samples';
import { countRows, createProjectDatabase } from './run-database';
import { startApi, startWorker, type ServiceEnv } from './service-processes';
import type { BenchStack } from './stack';
import { slicePageStats, type SlicePageStats } from './slice-pages';
import { historyStats, schedulingStats, type HistoryStats, type SchedulingStats } from './workflow-history';

/** An emulated Stripe account with its seeded history. */
export interface SeededAccount {
  id: string;
  /** a restricted key, as a user would paste it */
  secretKey: string;
  livemode: boolean;
  objects: { customers: number; subscriptions: number; charges: number };
}

export interface ProjectSyncOptions {
  stack: BenchStack;
  client: Client;
  account: SeededAccount;
  budget: RateBudget;
  /** Node flags for the worker (`--cpu-prof …`) */
  workerNodeFlags?: string[];
  timeoutMs: number;
}

export interface ProjectSyncResult {
  seconds: number;
  counts: StripeSyncResult['counts'];
  rows: Record<'customers' | 'subscriptions' | 'charges', number>;
  cpuSeconds: Record<'worker' | 'api' | 'temporal' | 'postgres' | 'emulator', number>;
  workerPeakRssMb: number;
  history: HistoryStats;
  scheduling: SchedulingStats;
  /** absent from runs recorded before it was measured */
  slicePages?: SlicePageStats;
  samples: ProgressSample[];
  pgActivity: PgActivity;
}

/** `promise`, or a failure once `deadline` (epoch ms) has passed. */
export function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in time`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A connection whose rate budget is set as it is stored, before its sync starts. */
function withBudget(store: ConnectionStore, budget: RateBudget): ConnectionStore {
  return {
    ...store,
    async upsert(input) {
      const result = await store.upsert(input);
      await store.setRateBudget(result.connection.id, budget);
      return { ...result, connection: { ...result.connection, rateBudget: budget } };
    },
  };
}

/**
 * The project's first sync as a new user gets it: a fresh database, the worker and the API in
 * processes of their own, the account connected with its restricted key (the product's connect
 * command, with the rate budget set explicitly), timed until every row is in Postgres and the
 * workflow has returned. The settings page's polling is replayed against the API throughout.
 */
export async function runProjectSync(opts: ProjectSyncOptions): Promise<ProjectSyncResult> {
  const { stack, client, account } = opts;
  const database = await createProjectDatabase(stack.pg);
  const encryptionKey = generateEncryptionKey();
  const env: ServiceEnv = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: stack.temporal.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomBase62(8)}`,
    ENCRYPTION_KEY: encryptionKey,
    STRIPE_API_URL: stack.emulator.url,
  };
  const [worker, api] = await Promise.all([startWorker(env, client, opts.workerNodeFlags), startApi(env)]);
  try {
    const { project, apiKey } = await createProjectStore(database.db).create(`bench ${randomBase62(6)}`);
    const connections = withBudget(createConnectionStore(database.db, createEncryptor(encryptionKey)), opts.budget);
    const orchestrator = createOrchestrator(client, env.TEMPORAL_TASK_QUEUE);
    const logger = createLogger('warn', 'bench');
    const deps = {
      // the product's own config for these processes: the emulator as Stripe, so the key's webhook endpoint is registered as a user's would be
      config: loadConfig({ ...env, APP_URL: api.url }),
      connections,
      segments: createSegmentStore(database.db),
      inbox: createEventInboxStore(database.db),
      orchestrator,
      accountWaker: createAccountWaker(orchestrator, logger),
      logger,
    };
    const meter = new CpuMeter({
      worker: worker.child.pid!, api: api.child.pid!, temporal: stack.temporal.process.pid!, postgres: stack.pgPid, emulator: stack.emulator.child.pid!,
    });
    meter.begin();
    const activity = samplePgActivity(stack.pg.url(), database.name);
    const startedAt = Date.now();
    const { connection } = await connectStripe(deps, project.id, {
      mode: 'api_key', stripeAccountId: account.id, livemode: account.livemode, credentials: { secretKey: account.secretKey },
      scope: null, accountName: null,
    });
    const workflowId = syncWorkflowId(connection.id);
    const done = client.workflow.getHandle(workflowId).result() as Promise<StripeSyncResult>;
    const samples = await sampleProgress({ apiUrl: api.url, apiKey, startedAt, done, timeoutMs: opts.timeoutMs });
    const result = await withDeadline(done, startedAt + opts.timeoutMs, 'the sync');
    const seconds = (Date.now() - startedAt) / 1000;
    const cpu = meter.read();
    const pgActivity = await activity.stop();
    const workerPeakRssMb = memoryMb(worker.child.pid!).peak;
    const rows = await countRows(database.url, MIRROR_TABLES);
    return {
      seconds,
      counts: result.counts,
      rows: rows as ProjectSyncResult['rows'],
      cpuSeconds: cpu as ProjectSyncResult['cpuSeconds'],
      workerPeakRssMb,
      history: await historyStats(client, workflowId),
      scheduling: await schedulingStats(client, workflowId),
      slicePages: await slicePageStats(client, workflowId),
      samples,
      pgActivity,
    };
  } finally {
    await Promise.all([worker.stop(), api.stop()]);
    await database.drop();
  }
}
