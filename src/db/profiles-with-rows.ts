import type { Knex } from 'knex';

/**
 * `profilesKeptBy` of a table whose rows are the product's own (runs, emails, opt-outs): any row
 * keeps its profile, since a purge of Stripe data must not erase what the product did or was told.
 */
export async function profilesWithRows(db: Knex, table: string, profileIds: string[]): Promise<string[]> {
  if (profileIds.length === 0) return [];
  const rows = await db(table).distinct('profile_id').whereIn('profile_id', profileIds) as { profile_id: string }[];
  return rows.map((r) => r.profile_id);
}
