import type { Knex } from 'knex';
import type { CommittedSlice } from '../domain/sync-resume';
import type { StripeObjectType } from '../domain/sync-slices';

const TABLE = 'stripe_sync_checkpoints';

/** Where one slice of a sync run stands, committed with the page it follows. */
export interface SliceCheckpoint extends CommittedSlice {
  syncRunId: string;
}

interface CheckpointRow {
  sync_run_id: string; slice_id: string; object_type: StripeObjectType; gte: number; lt: number; cursor: string | null;
  last_created: number | null; count: number; pages: number; done: boolean;
}

const toCheckpoint = (r: CheckpointRow): SliceCheckpoint => ({
  syncRunId: r.sync_run_id,
  sliceId: r.slice_id,
  objectType: r.object_type,
  gte: Number(r.gte),
  lt: Number(r.lt),
  cursor: r.cursor,
  lastCreated: r.last_created === null ? null : Number(r.last_created),
  count: r.count,
  pages: r.pages,
  done: r.done,
});

export interface SyncCheckpointStore {
  find(syncRunId: string, sliceId: string): Promise<SliceCheckpoint | undefined>;
  listForRun(syncRunId: string): Promise<SliceCheckpoint[]>;
  save(checkpoint: SliceCheckpoint): Promise<void>;
}

/** Binds to a Knex or a transaction (the page's, so the cursor commits with the rows). */
export function createSyncCheckpointStore(db: Knex): SyncCheckpointStore {
  return {
    async find(syncRunId, sliceId) {
      const row = await db<CheckpointRow>(TABLE).where({ sync_run_id: syncRunId, slice_id: sliceId }).first();
      return row ? toCheckpoint(row) : undefined;
    },
    async listForRun(syncRunId) {
      return (await db(TABLE).where({ sync_run_id: syncRunId }).orderBy('slice_id')).map(toCheckpoint);
    },
    async save(c) {
      await db(TABLE)
        .insert({
          sync_run_id: c.syncRunId, slice_id: c.sliceId, object_type: c.objectType, gte: c.gte, lt: c.lt, cursor: c.cursor,
          last_created: c.lastCreated, count: c.count, pages: c.pages, done: c.done, updated_at: db.fn.now(),
        })
        .onConflict(['sync_run_id', 'slice_id'])
        .merge();
    },
  };
}
