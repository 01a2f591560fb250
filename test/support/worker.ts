import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { NativeConnection, Worker, WorkflowBundleOption } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { Config } from '../../src/config';
import { stopChild } from '../../src/infra/child-process';
import { REPO_ROOT } from '../../src/infra/paths';
import { createLogger, type Logger } from '../../src/logging/logger';
import type { Metrics } from '../../src/metrics/metrics';
import { createStripeWorker } from '../../src/worker/create-worker';
import { onCleanup } from './cleanup';
import { sharedTemporal, type TestTemporal } from './temporal';
import { tempDir } from './temp-dir';

export interface RunningTestWorker {
  stop(): Promise<void>;
}

/**
 * The real worker (real activities, workflows bundled from source) in this process, on the shared
 * Temporal server unless the test gives its own (`temporal`, or just its `connection`).
 */
export async function startTestWorker(opts: {
  db: Knex; config: Config; taskQueue: string; metrics?: Metrics; temporal?: TestTemporal; connection?: NativeConnection; logger?: Logger;
  /** another build of the workflows (a new version deployed) */
  workflowBundle?: WorkflowBundleOption;
}): Promise<RunningTestWorker> {
  const worker = await createStripeWorker({
    config: opts.config,
    db: opts.db,
    connection: opts.connection ?? (opts.temporal ?? (await sharedTemporal())).connection,
    logger: opts.logger ?? createLogger('warn', 'test-worker'),
    taskQueue: opts.taskQueue,
    metrics: opts.metrics,
    workflowBundle: opts.workflowBundle,
  });
  return { stop: runUntilStopped(worker) };
}

/** Runs the worker until the returned `stop` (or the run's cleanup) shuts it down and it has drained. */
export function runUntilStopped(worker: Worker): () => Promise<void> {
  const running = worker.run();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  onCleanup(stop);
  return stop;
}

export interface WorkerProcess {
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** `node dist/src/bin/worker.js` as a child process, which a test may SIGKILL. */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const logFile = path.join(tempDir('worker-log'), 'worker.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/bin/worker.js')], {
    // Several workers run side by side: no metrics ports unless the test asks for them.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', WORKFLOW_BUNDLE: 'source', METRICS_PORT: '0', TEMPORAL_METRICS_PORT: '0', ...env },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = () => stopChild(child);
  onCleanup(stop);
  return { child, logFile, exited, stop };
}
