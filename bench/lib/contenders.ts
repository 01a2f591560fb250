import type { Client } from '@temporalio/client';
import { createConnectionStore } from '../../src/db/connection-store';
import { createProjectStore } from '../../src/db/project-store';
import { MIRROR_TABLES } from '../../src/db/stripe-object-store';
import type { RateBudget } from '../../src/domain/connection';
import { createEncryptor, generateEncryptionKey } from '../../src/security/encryption';
import { fullSecretKey } from './accounts';
import { loadAverages } from './machine';
import { runPeerProcess } from './peer-process';
import { runProjectSync, type ProjectSyncResult, type SeededAccount } from './project-sync';
import { countRows, createProjectDatabase, createRunDatabase } from './run-database';
import { requestStats, type RequestStats } from './request-stats';
import type { BenchStack } from './stack';

/** One timed copy of an account by one contender, in the shape every table is built from. */
export interface Run {
  contender: string;
  seconds: number;
  objects: number;
  /** rows per type in Postgres afterwards, and whether they are the account's every object */
  rows: Record<string, number>;
  complete: boolean;
  /** CPU seconds of each process that did the work (the emulator's apart) */
  cpuSeconds: Record<string, number>;
  peakRssMb: number;
  requests: RequestStats;
  loadAverage: [number, number, number];
  /** the project's run only */
  project?: ProjectSyncResult;
}

const TIMEOUT_MS = 30 * 60_000;

/** Every seeded object is there (the emulator's billing may have added a renewal charge since). */
const isComplete = (account: SeededAccount, rows: Record<string, number>) =>
  Object.entries(account.objects).every(([type, n]) => (rows[type] ?? 0) >= n);

export interface Arena {
  stack: BenchStack;
  client: Client;
}

export async function projectRun(arena: Arena, account: SeededAccount, budget: RateBudget, label: string, workerNodeFlags?: string[]): Promise<Run> {
  const since = Date.now();
  const result = await runProjectSync({ ...arena, account, budget, workerNodeFlags, timeoutMs: TIMEOUT_MS });
  const { emulator, ...work } = result.cpuSeconds;
  return {
    contender: label,
    seconds: result.seconds,
    objects: Object.values(result.rows).reduce((a, b) => a + b, 0),
    rows: result.rows,
    complete: isComplete(account, result.rows),
    cpuSeconds: { ...work, emulator },
    peakRssMb: result.workerPeakRssMb,
    requests: await requestStats(arena.stack.emulator, account.id, since),
    loadAverage: loadAverages(),
    project: result,
  };
}

/** A peer (or the naive baseline) in its own process, on its own database of the same PostgreSQL. */
export async function peerRun(arena: Arena, account: SeededAccount, script: string, label: string, rateLimit: number): Promise<Run> {
  const { stack } = arena;
  const baseline = script === 'naive-baseline';
  const database = baseline ? await createProjectDatabase(stack.pg) : await createRunDatabase(stack.pg, 'peer');
  try {
    const ids = baseline ? await projectConnection(database as Awaited<ReturnType<typeof createProjectDatabase>>, account) : {};
    const task = {
      databaseUrl: database.url, emulatorUrl: stack.emulator.url, secretKey: await fullSecretKey(stack.emulator, account),
      stripeAccountId: account.id, rateLimit, ...ids,
    };
    const since = Date.now();
    const result = await runPeerProcess(script, task, { postgres: stack.pgPid, emulator: stack.emulator.child.pid! }, TIMEOUT_MS);
    const tables = baseline ? MIRROR_TABLES : { customers: 'stripe.customers', subscriptions: 'stripe.subscriptions', charges: 'stripe.charges' };
    const rows = await countRows(database.url, tables);
    return {
      contender: label,
      seconds: result.seconds,
      objects: Object.values(rows).reduce((a, b) => a + b, 0),
      rows,
      complete: isComplete(account, rows),
      cpuSeconds: result.cpuSeconds,
      peakRssMb: result.peakRssMb,
      requests: await requestStats(stack.emulator, account.id, since),
      loadAverage: loadAverages(),
    };
  } finally {
    await database.drop();
  }
}

/** The project and connection rows the baseline writes under (the same tables the sync fills). */
async function projectConnection(database: Awaited<ReturnType<typeof createProjectDatabase>>, account: SeededAccount) {
  const { project } = await createProjectStore(database.db).create('naive baseline');
  const { connection } = await createConnectionStore(database.db, createEncryptor(generateEncryptionKey())).upsert({
    projectId: project.id, stripeAccountId: account.id, livemode: account.livemode, mode: 'api_key',
    credentials: { secretKey: account.secretKey },
  });
  return { projectId: project.id, connectionId: connection.id };
}
