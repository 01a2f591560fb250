import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { diagnoseSessionBound, hashSession, type SessionBoundFailure } from './session-bound';

const TABLE = 'oauth_states';

interface OAuthStateRow { id: string; project_id: string; session_hash: string; expires_at: Date; used_at: Date | null }

/** How long a user has to approve on Stripe's page. */
export const OAUTH_STATE_TTL_SECONDS = 600;

export type ConsumeFailure = SessionBoundFailure;

export type ConsumeResult = { ok: true; projectId: string } | { ok: false; reason: ConsumeFailure };

export interface OAuthStateStore {
  /** Records a pending authorization for this project and session; returns its id. */
  create(projectId: string, sessionId: string): Promise<string>;
  /** Uses the state up, once, if it is unexpired and belongs to this session. */
  consume(id: string, sessionId: string): Promise<ConsumeResult>;
}

export function createOAuthStateStore(db: Knex, ttlSeconds = OAUTH_STATE_TTL_SECONDS): OAuthStateStore {
  return {
    async create(projectId, sessionId) {
      // housekeeping on the way: states expired for a day are of no use, not even to diagnose
      await db(TABLE).where('expires_at', '<', db.raw(`now() - interval '1 day'`)).delete();
      const id = newId('ost');
      await db(TABLE).insert({
        id,
        project_id: projectId,
        session_hash: hashSession(sessionId),
        expires_at: db.raw(`now() + ? * interval '1 second'`, [ttlSeconds]),
      });
      return id;
    },
    async consume(id, sessionId) {
      const sessionHash = hashSession(sessionId);
      // One atomic statement: of two concurrent callbacks with the same state, one wins.
      const [row] = await db<OAuthStateRow>(TABLE)
        .where({ id, session_hash: sessionHash })
        .whereNull('used_at')
        .where('expires_at', '>', db.fn.now())
        .update({ used_at: db.fn.now() })
        .returning('project_id');
      return row ? { ok: true, projectId: row.project_id } : { ok: false, reason: await diagnoseSessionBound(db, TABLE, id, sessionHash) };
    },
  };
}
