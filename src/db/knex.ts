import knex, { Knex } from 'knex';
import path from 'node:path';
import pg from 'pg';

// Postgres BIGINT (int8) → JS number: our bigints are epoch milliseconds and counts, far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export const MIGRATIONS = {
  directory: path.join(__dirname, 'migrations'),
  loadExtensions: ['.js'],
  tableName: 'knex_migrations',
};

export function createDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Knex {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    migrations: MIGRATIONS,
  });
}

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(MIGRATIONS)) as [number, string[]];
  return applied;
}

export async function rollbackAll(db: Knex): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(MIGRATIONS, true)) as [number, string[]];
  return rolledBack;
}

export type { Knex };
