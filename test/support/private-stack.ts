import path from 'node:path';
import { createDb, migrateLatest } from '../../src/db/knex';
import { ensureDatabase, startEmbeddedPostgres, type LocalPostgres } from '../../src/infra/embedded-postgres';
import { freePort, restartablePort } from '../../src/infra/free-port';
import { startTemporalDevServer, type RunningDevServer } from '../../src/infra/temporal-dev-server';
import { findTemporalCli } from '../../src/infra/tools';
import { onCleanup } from './cleanup';
import { startTestTemporal, type TestTemporal } from './temporal';
import { tempDir } from './temp-dir';

export interface PrivateStack {
  databaseUrl: string;
  temporal: TestTemporal;
  /**
   * Stops the Temporal server and starts it again on the same port and SQLite file: workflows
   * survive. `whileDown` runs in between, for what must happen while Temporal is away.
   */
  restartTemporal(whileDown?: () => Promise<void>): Promise<void>;
  /**
   * Stops PostgreSQL (fast shutdown) and starts it again on the same port and data; `whileDown`
   * runs in between.
   */
  restartPostgres(whileDown?: () => Promise<void>): Promise<void>;
}

/**
 * A Temporal server and a PostgreSQL of a test's own, for tests that kill or restart them, so the
 * shared ones are never disturbed. The database is migrated; the test spawns its worker processes
 * against it (`spawnWorkerProcess`).
 */
export async function startPrivateStack(opts: { temporalUi?: boolean } = {}): Promise<PrivateStack> {
  const dir = tempDir('private');
  const pgOptions = { dataDir: path.join(dir, 'pg'), port: await restartablePort(), ephemeral: true };
  let pg: LocalPostgres = await startEmbeddedPostgres(pgOptions);
  onCleanup(() => pg.stop());
  await ensureDatabase(pg.url(), 'app');
  const databaseUrl = pg.url('app');
  const db = createDb(databaseUrl, { max: 1 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }

  const serverOptions = { port: await restartablePort(), dbFile: path.join(dir, 'temporal.db'), ...(opts.temporalUi ? { uiPort: await freePort() } : {}) };
  const temporal = await startTestTemporal(serverOptions);
  let server: RunningDevServer = temporal.server;

  return {
    databaseUrl,
    temporal,
    async restartTemporal(whileDown) {
      await server.stop();
      await whileDown?.();
      server = await startTemporalDevServer({ cli: findTemporalCli()!, ...serverOptions });
      temporal.server = server;
      onCleanup(() => server.stop());
    },
    async restartPostgres(whileDown) {
      await pg.stop();
      await whileDown?.();
      pg = await startEmbeddedPostgres(pgOptions);
    },
  };
}
