import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type LocalPostgres } from '../../src/infra/embedded-postgres';
import { freePort } from '../../src/infra/free-port';
import { startTemporalDevServer, type RunningDevServer } from '../../src/infra/temporal-dev-server';
import { findTemporalCli } from '../../src/infra/tools';
import { onCleanup } from '../../test/support/cleanup';
import { tempDir } from '../../test/support/temp-dir';
import { spawnEmulator, type EmulatorProcess } from './emulator-process';

/**
 * The processes every benchmark run shares, each its own OS process so that its CPU and memory
 * can be read: PostgreSQL (durable settings, as `npm start` runs it), the Temporal dev server
 * (SQLite file, as `npm start`, or in memory to measure without its writes), and the Stripe emulator. Workers, the API and the peers are
 * started per run against a fresh database.
 */
export interface BenchStack {
  pg: LocalPostgres;
  /** the postmaster: its descendants are PostgreSQL's backends */
  pgPid: number;
  temporal: RunningDevServer;
  emulator: EmulatorProcess;
  dir: string;
  stop(): Promise<void>;
}

export async function startBenchStack(opts: { emulatorNodeFlags?: string[]; temporalInMemory?: boolean } = {}): Promise<BenchStack> {
  const dir = tempDir('bench');
  const dataDir = path.join(dir, 'pg');
  const cli = findTemporalCli();
  if (!cli) throw new Error('the Temporal CLI is missing: run `npm run setup` first');
  const [pg, temporal, emulator] = await Promise.all([
    startEmbeddedPostgres({ dataDir, port: await freePort() }),
    startTemporalDevServer({
      cli, port: await freePort(), dbFile: opts.temporalInMemory ? undefined : path.join(dir, 'temporal.db'), logFile: path.join(dir, 'temporal.log'),
    }),
    // Latency and limits are set per benchmark through the control API.
    spawnEmulator({ args: ['--rate-limits', 'off'], nodeFlags: opts.emulatorNodeFlags }),
  ]);
  const pgPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stop = async () => {
    await emulator.stop();
    await temporal.stop();
    await pg.stop();
  };
  // Stopping twice is harmless: an interrupted run is stopped by the cleanup alone.
  onCleanup(stop);
  return { pg, pgPid, temporal, emulator, dir, stop };
}

/** The emulator's faults: the latency every `/v1` answer waits, and Stripe's limits on or off. */
export interface EmulatedStripe {
  latencyMs: number;
  /** null: no rate limits */
  limits: { test: { global: number; perEndpoint: number }; live: { global: number; perEndpoint: number } } | null;
}

export async function configureEmulator(emulator: EmulatorProcess, world: EmulatedStripe): Promise<void> {
  await emulator.control('DELETE', '/_emulator/faults');
  await emulator.control('POST', '/_emulator/faults', {
    latencyMs: world.latencyMs,
    rateLimits: world.limits ? { enabled: true, ...world.limits } : { enabled: false },
  });
}
