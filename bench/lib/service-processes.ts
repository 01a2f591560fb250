import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { stopChild } from '../../src/infra/child-process';
import { freePort } from '../../src/infra/free-port';
import { REPO_ROOT } from '../../src/infra/paths';
import { tempDir } from '../../test/support/temp-dir';
import { waitFor } from '../../test/support/wait';
import { spawnWorkerProcess, type WorkerProcess } from '../../test/support/worker';

/** What the worker and the API of one run are configured with (their environment). */
export interface ServiceEnv {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  ENCRYPTION_KEY: string;
  STRIPE_API_URL: string;
  /** e.g. `--cpu-prof --cpu-prof-dir=…` */
  NODE_OPTIONS?: string;
}

const clean = (env: ServiceEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** The production worker (`dist/src/bin/worker.js`, prebuilt workflow bundle) as its own process, polling once this resolves. */
export async function startWorker(env: ServiceEnv, client: Client): Promise<WorkerProcess> {
  const worker = spawnWorkerProcess({ ...clean(env), WORKFLOW_BUNDLE: 'prebuilt' });
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

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** The production API (`dist/src/bin/api.js`) as its own process, answering /healthz once this resolves. */
export async function startApi(env: ServiceEnv): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(path.join(tempDir('api-log'), 'api.log'), 'a');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/bin/api.js')], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', PORT: String(port), APP_URL: url, ...clean(env) },
    stdio: ['ignore', out, out],
  });
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error('the API exited during start-up');
      return (await fetch(`${url}/healthz`)).ok;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: 'the API answering /healthz' },
  );
  return { child, url, stop: () => stopChild(child) };
}
