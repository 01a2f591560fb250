import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../temporal/search-attributes';
import { stopChild } from './child-process';
import { freePort } from './free-port';

export interface DevServerOptions {
  cli: string;
  port?: number;
  /** Web UI port; undefined → headless. */
  uiPort?: number;
  /** SQLite file: workflows survive a restart. Undefined → in memory. */
  dbFile?: string;
  namespace?: string;
  logFile?: string;
  /** e.g. { 'limit.historyCount.suggestContinueAsNew': 60 } for continue-as-new tests. */
  dynamicConfig?: Record<string, unknown>;
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The dev server's SQLite file keeps a rollback journal by default, synced several times a commit,
 * so every workflow task and activity it records waits for the disk. A write-ahead log synced at
 * checkpoints keeps every commit through a crash of the server's process (what a restart or a
 * kill does), at a fraction of the writes; only a crash of the machine may lose the last commits.
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** `temporal server start-dev` from a binary we provisioned (never the SDK's download). */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const port = opts.port ?? (await freePort());
  const namespace = opts.namespace ?? 'default';
  const dynamic: Record<string, unknown> = {
    'frontend.enableUpdateWorkflowExecution': true,
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
    ...opts.dynamicConfig,
  };
  const args = [
    'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace,
    '--log-level', 'warn', '--log-format', 'json',
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile, ...SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p])] : []),
    ...devServerSearchAttributeFlags(),
    ...Object.entries(dynamic).flatMap(([k, v]) => ['--dynamic-config-value', `${k}=${JSON.stringify(v)}`]),
  ];
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child = spawn(opts.cli, args, { stdio: ['ignore', out, out] });
  const address = `127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));

  await waitUntilReachable(address, () => exited, opts.logFile);
  return {
    address,
    uiUrl: opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}

async function waitUntilReachable(address: string, hasExited: () => boolean, logFile?: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (hasExited()) throw new Error(`the Temporal dev server exited during start-up${logFile ? `; see ${logFile}` : ''}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer on ${address}: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
