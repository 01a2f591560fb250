import assert from 'node:assert/strict';
import { randomBase62 } from '../domain/ids';
import { ensureDatabase } from '../infra/embedded-postgres';
import { sharedPostgres } from '../../test/support/postgres';
import { createDb, migrateLatest, rollbackAll } from './knex';

describe('migrations', () => {
  it('apply on an empty database, roll back completely, and apply again', async () => {
    const pg = await sharedPostgres();
    const name = `m_${randomBase62(10).toLowerCase()}`;
    await ensureDatabase(pg.url(), name);
    const db = createDb(pg.url(name), { max: 2 });
    const tables = async () =>
      (await db('pg_tables').where({ schemaname: 'public' }).pluck('tablename')).filter((t: string) => !t.startsWith('knex_'));
    try {
      const applied = await migrateLatest(db);
      assert.ok(applied.length >= 1);
      for (const t of ['projects', 'api_keys', 'stripe_connections', 'sync_runs', 'profiles', 'profile_events', 'segments']) {
        assert.ok((await tables()).includes(t), `${t} missing`);
      }
      const rolledBack = await rollbackAll(db);
      assert.equal(rolledBack.length, applied.length);
      assert.deepEqual(await tables(), []);
      assert.deepEqual(await migrateLatest(db), applied);
    } finally {
      await db.destroy();
    }
  });
});
