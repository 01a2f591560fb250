import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, migrateLatest } from '../../src/db/knex';
import { ensureDatabase, startEmbeddedPostgres, type LocalPostgres } from '../../src/infra/embedded-postgres';
import { randomBase62 } from '../../src/domain/ids';
import { freePort } from '../../src/infra/free-port';
import { onCleanup } from './cleanup';
import { tempDir } from './temp-dir';

const TEMPLATE = 'se_template';

export async function startTestPostgres(label: string): Promise<LocalPostgres> {
  const dir = tempDir(label);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), ephemeral: true });
  onCleanup(() => pg.stop());
  return pg;
}

let shared: Promise<LocalPostgres> | undefined;

/** One PostgreSQL for the whole run, with a template database migrated to the latest schema. */
export function sharedPostgres(): Promise<LocalPostgres> {
  shared ??= (async () => {
    const pg = await startTestPostgres('shared-pg');
    await ensureDatabase(pg.url(), TEMPLATE);
    const db = createDb(pg.url(TEMPLATE), { max: 1 });
    try {
      await migrateLatest(db);
    } finally {
      await db.destroy(); // a template must have no open connections to be copied
    }
    return pg;
  })();
  return shared;
}

export interface TestDb {
  db: Knex;
  url: string;
  name: string;
}

/** A fresh, migrated database (a copy of the template): isolates one test file from the others. */
export async function createTestDb(): Promise<TestDb> {
  const pg = await sharedPostgres();
  const name = `t_${randomBase62(12).toLowerCase()}`;
  await ensureDatabase(pg.url(), name, TEMPLATE);
  const url = pg.url(name);
  const db = createDb(url, { max: 20 });
  onCleanup(() => db.destroy());
  return { db, url, name };
}
