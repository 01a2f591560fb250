import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type { SyncCounts, SyncKind, SyncPhase, SyncRun, SyncRunStatus } from '../domain/sync-run';
import { emptyCounts } from '../domain/sync-run';

const TABLE = 'sync_runs';

interface SyncRunRow {
  id: string; connection_id: string; workflow_id: string; kind: SyncKind; status: SyncRunStatus; phase: SyncPhase;
  counts: Partial<SyncCounts>; totals: Partial<SyncCounts>; error: string | null; started_at: Date;
  finished_at: Date | null; updated_at: Date;
}

const toSyncRun = (r: SyncRunRow): SyncRun => ({
  id: r.id,
  connectionId: r.connection_id,
  workflowId: r.workflow_id,
  kind: r.kind,
  status: r.status,
  phase: r.phase,
  counts: { ...emptyCounts(), ...r.counts },
  totals: r.totals,
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
});

export interface SyncProgress {
  phase?: SyncPhase;
  counts?: SyncCounts;
  totals?: Partial<SyncCounts>;
}

export interface SyncRunStore {
  /** Idempotent per id: a retried activity gets the same run back. */
  start(input: { id?: string; connectionId: string; workflowId: string; kind: SyncKind }): Promise<SyncRun>;
  progress(id: string, progress: SyncProgress): Promise<void>;
  /** Adds to the counts atomically: parallel pages each add theirs within their own transaction. */
  addCounts(id: string, deltas: Partial<SyncCounts>): Promise<void>;
  finish(id: string, status: Exclude<SyncRunStatus, 'running'>, error?: string | null): Promise<void>;
  get(id: string): Promise<SyncRun>;
  latestForConnection(connectionId: string): Promise<SyncRun | undefined>;
  latestForConnections(connectionIds: string[]): Promise<Map<string, SyncRun>>;
}

export function createSyncRunStore(db: Knex): SyncRunStore {
  const store: SyncRunStore = {
    async start({ id = newId('run'), connectionId, workflowId, kind }) {
      await db(TABLE)
        .insert({ id, connection_id: connectionId, workflow_id: workflowId, kind, status: 'running', phase: 'starting',
          counts: JSON.stringify(emptyCounts()) })
        .onConflict('id')
        .ignore();
      return store.get(id);
    },
    async progress(id, { phase, counts, totals }) {
      await db(TABLE).where({ id }).update({
        ...(phase ? { phase } : {}),
        ...(counts ? { counts: JSON.stringify(counts) } : {}),
        ...(totals ? { totals: JSON.stringify(totals) } : {}),
        updated_at: db.fn.now(),
      });
    },
    async addCounts(id, deltas) {
      await db.raw(
        `UPDATE ${TABLE} SET updated_at = now(), counts = counts || (
           SELECT coalesce(jsonb_object_agg(d.key, coalesce((counts->>d.key)::bigint, 0) + d.value::bigint), '{}'::jsonb)
             FROM jsonb_each_text(?::jsonb) d)
         WHERE id = ?`,
        [JSON.stringify(deltas), id],
      );
    },
    async finish(id, status, error = null) {
      await db(TABLE).where({ id }).update({
        status,
        error,
        phase: status === 'succeeded' ? 'done' : 'failed',
        finished_at: db.fn.now(),
        updated_at: db.fn.now(),
      });
    },
    async get(id) {
      const row = await db<SyncRunRow>(TABLE).where({ id }).first();
      if (!row) throw notFound(`sync run ${id}`);
      return toSyncRun(row);
    },
    async latestForConnection(connectionId) {
      const row = await db<SyncRunRow>(TABLE).where({ connection_id: connectionId }).orderBy('started_at', 'desc').first();
      return row ? toSyncRun(row) : undefined;
    },
    async latestForConnections(connectionIds) {
      if (connectionIds.length === 0) return new Map();
      const rows = await db<SyncRunRow>(TABLE)
        .distinctOn('connection_id')
        .whereIn('connection_id', connectionIds)
        .orderBy([{ column: 'connection_id' }, { column: 'started_at', order: 'desc' }]);
      return new Map(rows.map((r) => [r.connection_id, toSyncRun(r)]));
    },
  };
  return store;
}
