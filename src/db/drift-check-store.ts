import type { Knex } from 'knex';
import { emptyDriftCounts, type DriftCheck, type DriftCheckStatus, type DriftCounts, type ObjectDrift } from '../domain/drift';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type { StripeObjectType } from '../domain/sync-slices';
import { MIRROR_TABLES } from './stripe-object-store';

const TABLE = 'stripe_drift_checks';
const SEEN = 'stripe_drift_seen';

interface DriftCheckRow {
  id: string; connection_id: string; status: DriftCheckStatus; counts: Partial<DriftCounts>; error: string | null;
  started_at: Date; finished_at: Date | null;
}

const toDriftCheck = (r: DriftCheckRow): DriftCheck => ({
  id: r.id,
  connectionId: r.connection_id,
  status: r.status,
  counts: { ...emptyDriftCounts(), ...r.counts },
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** The owner of drift checks: each one's counts per kind, and the ids it saw in Stripe's lists while it runs. */
export interface DriftCheckStore {
  start(connectionId: string): Promise<DriftCheck>;
  get(id: string): Promise<DriftCheck>;
  /** Adds to the counts of one kind atomically. */
  addCounts(id: string, kind: StripeObjectType, drift: ObjectDrift): Promise<void>;
  /** Stripe listed (or was asked about) these objects during the check. */
  markSeen(id: string, kind: StripeObjectType, ids: string[]): Promise<void>;
  /**
   * Up to `limit` of the connection's stored objects of `kind` (not deleted, created before
   * `createdBefore`, unix seconds) that the check has not seen: what Stripe may no longer have.
   */
  unseen(id: string, connectionId: string, kind: StripeObjectType, createdBefore: number, limit: number): Promise<string[]>;
  /** Ends the check (its seen ids are dropped). */
  finish(id: string, status: Exclude<DriftCheckStatus, 'running'>, error?: string | null): Promise<void>;
  latestForConnections(connectionIds: string[]): Promise<Map<string, DriftCheck>>;
}

export function createDriftCheckStore(db: Knex): DriftCheckStore {
  const store: DriftCheckStore = {
    async start(connectionId) {
      const id = newId('drift');
      await db(TABLE).insert({ id, connection_id: connectionId, status: 'running' });
      return store.get(id);
    },
    async get(id) {
      const row = await db<DriftCheckRow>(TABLE).where({ id }).first();
      if (!row) throw notFound(`drift check ${id}`);
      return toDriftCheck(row);
    },
    async addCounts(id, kind, drift) {
      await db.raw(
        `UPDATE ${TABLE} SET counts = jsonb_set(counts, ARRAY[?::text], (
           SELECT jsonb_object_agg(d.key, coalesce((counts->?->>d.key)::bigint, 0) + d.value::bigint) FROM jsonb_each_text(?::jsonb) d))
         WHERE id = ?`,
        [kind, kind, JSON.stringify(drift), id],
      );
    },
    async markSeen(id, kind, ids) {
      if (ids.length === 0) return;
      await db(SEEN).insert(ids.map((objectId) => ({ drift_check_id: id, object_type: kind, id: objectId }))).onConflict().ignore();
    },
    async unseen(id, connectionId, kind, createdBefore, limit) {
      const table = MIRROR_TABLES[kind];
      const { rows } = await db.raw<{ rows: { id: string }[] }>(
        `SELECT o.id FROM ${table} o
          WHERE o.connection_id = ? AND o.stripe_created_at < to_timestamp(?) ${kind === 'customers' ? 'AND NOT o.deleted' : ''}
            AND NOT EXISTS (SELECT 1 FROM ${SEEN} s WHERE s.drift_check_id = ? AND s.object_type = ? AND s.id = o.id)
          ORDER BY o.id LIMIT ?`,
        [connectionId, createdBefore, id, kind, limit],
      );
      return rows.map((r) => r.id);
    },
    async finish(id, status, error = null) {
      await db(SEEN).where({ drift_check_id: id }).delete();
      await db(TABLE).where({ id }).update({ status, error, finished_at: db.fn.now() });
    },
    async latestForConnections(connectionIds) {
      if (connectionIds.length === 0) return new Map();
      const rows = await db<DriftCheckRow>(TABLE).distinctOn('connection_id').whereIn('connection_id', connectionIds)
        .orderBy([{ column: 'connection_id' }, { column: 'started_at', order: 'desc' }]);
      return new Map(rows.map((r) => [r.connection_id, toDriftCheck(r)]));
    },
  };
  return store;
}
