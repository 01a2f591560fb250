import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import { startEmbeddedPostgres } from '../../infra/embedded-postgres';
import { freePort } from '../../infra/free-port';
import { REPO_ROOT } from '../../infra/paths';
import { UserFacingError } from '../run-main';

/**
 * DATABASE_URL when set; otherwise the local demo's embedded database — reached while `npm start`
 * runs (its port is in postmaster.pid), or started for the duration of the command.
 */
export async function withLocalDatabase<T>(config: Config, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config.databaseUrl);
  const dataDir = path.join(path.resolve(REPO_ROOT, config.dataDir), 'pg');
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new UserFacingError('no DATABASE_URL and no local database yet: run `npm start` once, or set DATABASE_URL');
  }
  const runningPort = portOfRunningServer(dataDir);
  if (runningPort) return fn(`postgres://postgres:postgres@127.0.0.1:${runningPort}/stripe_engage`);
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(54329) });
  try {
    return await fn(pg.url('stripe_engage'));
  } finally {
    await pg.stop();
  }
}

/** postmaster.pid: line 1 the pid, line 4 the port. */
function portOfRunningServer(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
    return Number(lines[3]);
  } catch {
    return undefined;
  }
}
