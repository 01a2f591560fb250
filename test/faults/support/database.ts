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

/**
 * The count and a hash of a table's rows (every column but `ignore`, in a stable order), all or
 * those `where` picks.
 */
async function rowsHash(db: Knex, table: string, where = { sql: 'true', bindings: [] as string[] }, ignore: string[] = []): Promise<string> {
  const row = db.raw('(to_jsonb(r) - ?::text[])::text', [ignore]).toQuery();
  const { rows } = await db.raw<{ rows: { h: string; n: string }[] }>(
    `SELECT md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS h, count(*) AS n FROM ?? r WHERE ${where.sql}`, [table, ...where.bindings]);
  return `${rows[0]!.n} rows ${rows[0]!.h}`;
}

/** A hash of each table's rows: equal before and after means nothing changed. */
export async function fingerprint(db: Knex): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tableNames(db)) out[table] = await rowsHash(db, table);
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

/** How a table's rows belong to a project: directly, or through its connection, profile, automation run or sync run. */
const OWNERSHIP: [column: string, owners: string][] = [
  ['project_id', '?'],
  ['connection_id', 'SELECT id FROM stripe_connections WHERE project_id = ?'],
  ['profile_id', 'SELECT id FROM profiles WHERE project_id = ?'],
  ['run_id', 'SELECT id FROM automation_runs WHERE project_id = ?'],
  ['sync_run_id', 'SELECT r.id FROM sync_runs r JOIN stripe_connections c ON c.id = r.connection_id WHERE c.project_id = ?'],
];

/**
 * A hash of each table's rows that belong to the project (equal before and after: nothing of it
 * changed, `ignore` columns aside), and the tables whose rows belong to no project.
 */
export async function projectFingerprint(db: Knex, projectId: string, ignore: string[] = []): Promise<{ tables: Record<string, string>; unowned: string[] }> {
  const tables: Record<string, string> = {};
  const unowned: string[] = [];
  for (const table of await tableNames(db)) {
    const columns = (await db('information_schema.columns').where({ table_schema: 'public', table_name: table }).pluck('column_name')) as string[];
    const ownership = table === 'projects' ? (['id', '?'] as const) : OWNERSHIP.find(([column]) => columns.includes(column));
    if (!ownership) {
      unowned.push(table);
      continue;
    }
    const [column, owners] = ownership;
    tables[table] = await rowsHash(db, table, { sql: `${db.raw('??', [column]).toQuery()} IN (${owners})`, bindings: [projectId] }, ignore);
  }
  return { tables, unowned };
}
