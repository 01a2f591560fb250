import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { parse } from 'yaml';
import { stopChild } from '../../src/infra/child-process';
import { freePort } from '../../src/infra/free-port';
import { REPO_ROOT } from '../../src/infra/paths';
import { onCleanup } from '../../test/support/cleanup';
import { tempDir } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';

/** What the worker and the API of one run are configured with (their environment). */
export interface ServiceEnv {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  ENCRYPTION_KEY: string;
  STRIPE_API_URL: string;
}

export interface ServiceProcess {
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * `node [flags] dist/src/bin/<name>.js` with the run's environment, its output in a log file.
 * (Node refuses `--cpu-prof` in NODE_OPTIONS, so profiling flags go on the command line.)
 */
function spawnService(name: string, env: Record<string, string>, nodeFlags: string[]): ServiceProcess {
  const logFile = path.join(tempDir(`${name}-log`), `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, path.join(REPO_ROOT, 'dist', 'src', 'bin', `${name}.js`)], {
    // The worker and the API run side by side: no metrics ports to share.
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', METRICS_PORT: '0', TEMPORAL_METRICS_PORT: '0', ...env },
    stdio: ['ignore', out, out],
  });
  const stop = () => stopChild(child);
  // Also stopped on an interrupted run, when the scenario's own teardown never runs.
  onCleanup(stop);
  return { child, logFile, stop };
}

/** The Node flags docker-compose runs the worker with (its heap cap), so it is measured as deployed. */
export function deployedWorkerFlags(): string[] {
  const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { services: { worker: { command: string[] } } };
  const { command } = compose.services.worker;
  return command.slice(1, -1);
}

/** The production worker (`dist/src/bin/worker.js`, prebuilt workflow bundle) as its own process, polling once this resolves. */
export async function startWorker(env: ServiceEnv, client: Client, nodeFlags: string[] = []): Promise<ServiceProcess> {
  const worker = spawnService('worker', { ...env, WORKFLOW_BUNDLE: 'prebuilt' }, [...deployedWorkerFlags(), ...nodeFlags]);
  await waitFor(
    async () => {
      if (worker.child.exitCode !== null) throw new Error(`the worker exited; see ${worker.logFile}`);
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: env.TEMPORAL_TASK_QUEUE },
      });
      return pollers.length > 0;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'the worker polling its task queue' },
  );
  return worker;
}

/** The production API (`dist/src/bin/api.js`) as its own process, answering /healthz once this resolves. */
export async function startApi(env: ServiceEnv, nodeFlags: string[] = []): Promise<ServiceProcess & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = spawnService('api', { ...env, PORT: String(port), APP_URL: url }, nodeFlags);
  const { child } = api;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error('the API exited during start-up');
      return (await fetch(`${url}/healthz`)).ok;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'the API answering /healthz' },
  );
  return { ...api, url };
}
