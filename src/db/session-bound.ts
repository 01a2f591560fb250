import type { Knex } from 'knex';
import { createHash } from 'node:crypto';

/** Why a short-lived, single-use row bound to a browser session could not be used. */
export type SessionBoundFailure = 'unknown' | 'expired' | 'used' | 'other_session';

/** Session ids are bearer secrets: only their hash is stored. */
export const hashSession = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

/** Why the row `id` of `table` (id, session_hash, used_at, expires_at) was not usable by this session. */
export async function diagnoseSessionBound(db: Knex, table: string, id: string, sessionHash: string): Promise<SessionBoundFailure> {
  const row = await db(table).where({ id }).first<{ session_hash: string; used_at: Date | null } | undefined>('session_hash', 'used_at');
  if (!row) return 'unknown';
  if (row.session_hash !== sessionHash) return 'other_session';
  if (row.used_at) return 'used';
  return 'expired';
}
