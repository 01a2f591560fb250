import type { Knex } from 'knex';
import { validationError } from '../domain/errors';

/**
 * Opaque cursors for lists ordered by (timestamp, id). Microseconds, since Postgres keeps more
 * precision than a JS Date and a cursor must name a row exactly.
 */
export const encodeKeysetCursor = (micros: number | string, id: string): string => Buffer.from(`${micros}:${id}`).toString('base64url');

export function decodeKeysetCursor(cursor: string): { micros: number; id: string } {
  const m = /^(\d{1,17}):([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw validationError('cursor: is not a cursor returned by this list');
  return { micros: Number(m[1]), id: m[2]! };
}

/** Selects `column` as microseconds since the epoch, as `<column>_us`. */
export const selectMicros = (db: Knex, column: string) => db.raw(`(extract(epoch from ??) * 1000000)::bigint AS ??`, [column, `${column}_us`]);

/** Rows after the cursor in the order `(column, id) <direction>`. */
export function afterCursor<TRecord extends object, TResult>(
  query: Knex.QueryBuilder<TRecord, TResult>, column: string, cursor: string, direction: 'asc' | 'desc',
): Knex.QueryBuilder<TRecord, TResult> {
  const { micros, id } = decodeKeysetCursor(cursor);
  const op = direction === 'asc' ? '>' : '<';
  return query.whereRaw(`(??, id) ${op} (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?)`, [column, micros, id]);
}

/**
 * One page of a keyset list read with `limit + 1` rows: the extra row only says there is a next
 * page, whose cursor names the last row kept (by `<column>_us` and id).
 */
export function keysetPage<Row extends { id: string }, T>(rows: Row[], limit: number, micros: (row: Row) => string | number, present: (row: Row) => T) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { data: page.map(present), nextCursor: rows.length > limit && last ? encodeKeysetCursor(micros(last), last.id) : null };
}

/**
 * One page of rows newest first by `created_at`: `where` narrows the table (undefined values are
 * left out, so optional filters pass straight through).
 */
export async function newestFirst<Row extends { id: string; created_at: Date }, T>(
  db: Knex, table: string, where: Record<string, string | undefined>, page: { limit: number; cursor?: string | null }, present: (row: Row) => T,
) {
  const filters = Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined));
  let query = db(table).select('*', selectMicros(db, 'created_at')).where(filters);
  if (page.cursor) query = afterCursor(query, 'created_at', page.cursor, 'desc');
  const rows = (await query.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(page.limit + 1)) as (Row & { created_at_us: string })[];
  return keysetPage(rows, page.limit, (r) => r.created_at_us, present);
}
