import type { Knex } from 'knex';
import { Client } from 'pg';
import { randomBase62 } from '../../src/domain/ids';
import { createDb, migrateLatest } from '../../src/db/knex';
import { ensureDatabase, type LocalPostgres } from '../../src/infra/embedded-postgres';
import { onCleanup } from '../../test/support/cleanup';

/** A database of one run, on the shared PostgreSQL, dropped afterwards so runs never see each other's rows. */
export interface RunDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createRunDatabase(pg: LocalPostgres, prefix: string): Promise<RunDatabase> {
  const name = `${prefix}_${randomBase62(8).toLowerCase()}`;
  await ensureDatabase(pg.url(), name);
  return {
    name,
    url: pg.url(name),
    async drop() {
      const admin = new Client({ connectionString: pg.url() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** A run database with the project's schema. */
export async function createProjectDatabase(pg: LocalPostgres): Promise<RunDatabase & { db: Knex }> {
  const database = await createRunDatabase(pg, 'bench');
  const db = createDb(database.url, { max: 4 });
  // Closed before PostgreSQL stops on an interrupted run too: an idle connection that the server
  // terminates is an unhandled error that would end the cleanup half-way.
  onCleanup(() => db.destroy());
  await migrateLatest(db);
  return {
    ...database,
    db,
    async drop() {
      await db.destroy();
      await database.drop();
    },
  };
}

/** Rows per table, for checking that a run copied everything it claims. */
export async function countRows(url: string, tables: Record<string, string>): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(tables)) {
      counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}
