import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import type { Encryptor } from '../security/encryption';
import { diagnoseSessionBound, hashSession, type SessionBoundFailure } from './session-bound';

const TABLE = 'pending_app_installs';

/** As long as Stripe's authorization codes live: after that the code is of no use. */
export const PENDING_INSTALL_TTL_SECONDS = 300;

export type PendingInstall<T> = ({ ok: true } & T) | { ok: false; reason: SessionBoundFailure };

/** Stripe App installs that came back without a state, waiting for the user to choose the project. */
export interface PendingAppInstallStore {
  /** Keeps the install's code for this browser session; returns the pending install's id. */
  create(sessionId: string, code: string): Promise<string>;
  /** Whether the install still waits in this session (nothing is used up). */
  check(id: string, sessionId: string): Promise<PendingInstall<object>>;
  /** Uses the install up, once, and hands over its code. */
  consume(id: string, sessionId: string): Promise<PendingInstall<{ code: string }>>;
}

export function createPendingAppInstallStore(db: Knex, encryptor: Encryptor, ttlSeconds = PENDING_INSTALL_TTL_SECONDS): PendingAppInstallStore {
  const usable = (id: string, sessionHash: string) =>
    db(TABLE).where({ id, session_hash: sessionHash }).whereNull('used_at').where('expires_at', '>', db.fn.now());
  const failure = async (id: string, sessionHash: string) => ({ ok: false as const, reason: await diagnoseSessionBound(db, TABLE, id, sessionHash) });

  return {
    async create(sessionId, code) {
      await db(TABLE).where('expires_at', '<', db.raw(`now() - interval '1 day'`)).delete();
      const id = newId('pai');
      await db(TABLE).insert({
        id,
        session_hash: hashSession(sessionId),
        code: encryptor.encrypt(code),
        expires_at: db.raw(`now() + ? * interval '1 second'`, [ttlSeconds]),
      });
      return id;
    },
    async check(id, sessionId) {
      const sessionHash = hashSession(sessionId);
      return (await usable(id, sessionHash).first('id')) ? { ok: true } : failure(id, sessionHash);
    },
    async consume(id, sessionId) {
      const sessionHash = hashSession(sessionId);
      // One atomic statement: of two concurrent finishes, one wins.
      const [row] = await usable(id, sessionHash).update({ used_at: db.fn.now() }).returning<{ code: string }[]>('code');
      return row ? { ok: true, code: encryptor.decrypt(row.code) } : failure(id, sessionHash);
    },
  };
}
