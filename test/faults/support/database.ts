/**
 * The whole database as a fault suite inspects it, through information_schema and plain SELECTs
 * (the machine has no pg_dump for PostgreSQL 18): the tables, a fingerprint of their rows, and a
 * search of every column of every row for given text.
 */
import type { Knex } from 'knex';

export async function tableNames(db: Knex): Promise<string[]> {
  const rows: { table_name: string }[] = await db('information_schema.tables')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' }).orderBy('table_name').select('table_name');
  return rows.map((r) => r.table_name);
}

/** A hash of each table's rows (every column, in a stable order): equal before and after means nothing changed. */
export async function fingerprint(db: Knex): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tableNames(db)) {
    const { rows } = await db.raw<{ rows: { h: string; n: string }[] }>(
      `SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS h, count(*) AS n FROM ?? r`, [table]);
    out[table] = `${rows[0]!.n} rows ${rows[0]!.h}`;
  }
  return out;
}

/** The tables and columns holding any of the needles anywhere in their text, e.g. `stripe_connections.credentials: accessToken`. */
export async function findText(db: Knex, needles: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  const columns: { table_name: string; column_name: string }[] = await db('information_schema.columns')
    .where({ table_schema: 'public' }).whereIn('table_name', await tableNames(db)).select('table_name', 'column_name');
  for (const { table_name: table, column_name: column } of columns) {
    for (const [label, needle] of Object.entries(needles)) {
      const { rows } = await db.raw<{ rows: unknown[] }>('SELECT 1 FROM ?? WHERE strpos(??::text, ?) > 0 LIMIT 1', [table, column, needle]);
      if (rows.length) found.push(`${table}.${column}: ${label}`);
    }
  }
  return found;
}
