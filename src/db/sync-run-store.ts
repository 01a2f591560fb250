import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type { SyncCounts, SyncKind, SyncPhase, SyncRun, SyncRunEnd, SyncRunStatus } from '../domain/sync-run';
import { emptyCounts } from '../domain/sync-run';

const TABLE = 'sync_runs';

export interface SyncRunRow {
  id: string; connection_id: string; workflow_id: string; kind: SyncKind; status: SyncRunStatus; phase: SyncPhase;
  counts: Partial<SyncCounts>; totals: Partial<SyncCounts>; error: string | null; error_at: Date | null; created_before: string | null;
  resumes: number; resumed_at: Date | null; copied_at_resume: number; started_at: Date; finished_at: Date | null; updated_at: Date;
}

export const toSyncRun = (r: SyncRunRow): SyncRun => ({
  id: r.id,
  connectionId: r.connection_id,
  workflowId: r.workflow_id,
  kind: r.kind,
  status: r.status,
  phase: r.phase,
  counts: { ...emptyCounts(), ...r.counts },
  totals: r.totals,
  error: r.error,
  errorAt: r.error_at,
  createdBefore: r.created_before === null ? null : Number(r.created_before),
  resumes: r.resumes,
  resumedAt: r.resumed_at,
  copiedAtResume: r.copied_at_resume,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
});

export interface SyncProgress {
  phase?: SyncPhase;
  counts?: SyncCounts;
  totals?: Partial<SyncCounts>;
  /** unix seconds: where the run's slices end, recorded once its plan is made */
  createdBefore?: number;
}

export interface SyncRunStore {
  /** Idempotent per id: a retried activity gets the same run back. */
  start(input: { id?: string; connectionId: string; workflowId: string; kind: SyncKind }): Promise<SyncRun>;
  progress(id: string, progress: SyncProgress): Promise<void>;
  /** Adds to the counts atomically: parallel pages each add theirs within their own transaction. */
  addCounts(id: string, deltas: Partial<SyncCounts>): Promise<void>;
  finish(id: string, status: Exclude<SyncRunStatus, 'running'>, error?: string | null): Promise<void>;
  /** Ends a run only if it is still running (what the workflow recorded itself wins); whether it did. */
  endIfRunning(id: string, status: SyncRunEnd, error: string): Promise<boolean>;
  /**
   * Puts a run that did not succeed back to `running` for another workflow execution, which asked
   * to start `resumedBy`; its counts, checkpoints and seen-marks stay. Clears how it ended.
   */
  reopen(id: string, resumedBy: string): Promise<SyncRun>;
  /**
   * How often the run was reopened, read in a page's transaction and held until it ends: a reopen
   * waits for the page, and a page from before the reopen sees that it is stale.
   */
  resumesOf(id: string): Promise<number | undefined>;
  /** The run a workflow execution works on: the one it started (`id`), or the one it reopened. */
  findForExecution(id: string): Promise<SyncRun | undefined>;
  get(id: string): Promise<SyncRun>;
  latestForConnection(connectionId: string): Promise<SyncRun | undefined>;
  latestForConnections(connectionIds: string[]): Promise<Map<string, SyncRun>>;
}

export function createSyncRunStore(db: Knex): SyncRunStore {
  const ending = (status: Exclude<SyncRunStatus, 'running'>, error: string | null) => ({
    status,
    error,
    error_at: error === null ? null : db.fn.now(),
    phase: status === 'succeeded' ? 'done' : 'failed',
    finished_at: db.fn.now(),
    updated_at: db.fn.now(),
  });
  const store: SyncRunStore = {
    async start({ id = newId('run'), connectionId, workflowId, kind }) {
      await db(TABLE)
        .insert({ id, connection_id: connectionId, workflow_id: workflowId, kind, status: 'running', phase: 'starting',
          counts: JSON.stringify(emptyCounts()) })
        .onConflict('id')
        .ignore();
      return store.get(id);
    },
    async progress(id, { phase, counts, totals, createdBefore }) {
      await db(TABLE).where({ id }).update({
        ...(phase ? { phase } : {}),
        ...(createdBefore !== undefined ? { created_before: createdBefore } : {}),
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
      await db(TABLE).where({ id }).update(ending(status, error));
    },
    async endIfRunning(id, status, error) {
      return (await db(TABLE).where({ id, status: 'running' }).update(ending(status, error))) > 0;
    },
    async reopen(id, resumedBy) {
      await db(TABLE).where({ id }).whereNot({ status: 'succeeded' }).update({
        status: 'running', phase: 'starting', error: null, error_at: null, finished_at: null, resumed_by: resumedBy,
        resumes: db.raw('resumes + 1'), resumed_at: db.fn.now(), updated_at: db.fn.now(),
        copied_at_resume: db.raw(`coalesce((counts->>'customers')::int, 0) + coalesce((counts->>'subscriptions')::int, 0) + coalesce((counts->>'charges')::int, 0)`),
      });
      return store.get(id);
    },
    async resumesOf(id) {
      const row = await db<SyncRunRow>(TABLE).where({ id }).forShare().first('resumes');
      return row?.resumes;
    },
    async findForExecution(id) {
      const row = await db<SyncRunRow>(TABLE).where({ id }).orWhere('resumed_by', id).first();
      return row ? toSyncRun(row) : undefined;
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
