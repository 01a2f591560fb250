/** `npm run migrate [-- --rollback-all]` against DATABASE_URL. */
import { loadConfig } from '../config';
import { createDb, migrateLatest, rollbackAll } from '../db/knex';
import { runMain } from './run-main';

runMain(async () => {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
  const db = createDb(config.databaseUrl);
  try {
    const names = process.argv.includes('--rollback-all') ? await rollbackAll(db) : await migrateLatest(db);
    console.log(names.length ? names.join('\n') : 'nothing to do');
  } finally {
    await db.destroy();
  }
});
