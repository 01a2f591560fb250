import { startTestPostgres } from './postgres';
import { startTestTemporal } from './temporal';
import { ensureDatabase } from '../../src/infra/embedded-postgres';
import { createDb, migrateLatest } from '../../src/db/knex';
import type { DevServerOptions } from '../../src/infra/temporal-dev-server';

/**
 * A Temporal server and a PostgreSQL of a test's own, for tests that kill or restart them (so the
 * shared ones are never disturbed). The database is migrated.
 */
export async function startPrivateStack(temporalOptions: Partial<DevServerOptions> = {}) {
  const [pg, temporal] = await Promise.all([startTestPostgres('private-pg'), startTestTemporal(temporalOptions)]);
  await ensureDatabase(pg.url(), 'app');
  const databaseUrl = pg.url('app');
  const db = createDb(databaseUrl, { max: 1 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  return { pg, temporal, databaseUrl };
}
