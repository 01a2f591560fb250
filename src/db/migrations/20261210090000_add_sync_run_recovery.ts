import type { Knex } from 'knex';

/**
 * Runs that were ended from outside (`terminated`, `timed_out`), when their error happened, where
 * their slices end (so a retry can reopen the run and resume its checkpoints), and how often that
 * happened; `resumed_by` is the run id the reopening execution would otherwise have started, and
 * `resumed_at` / `copied_at_resume` let the ETA measure the rate since then.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE sync_runs DROP CONSTRAINT IF EXISTS sync_runs_status_check;
    ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
      CHECK (status IN ('running', 'succeeded', 'failed', 'canceled', 'terminated', 'timed_out'));
    ALTER TABLE sync_runs
      ADD COLUMN IF NOT EXISTS error_at timestamptz,
      ADD COLUMN IF NOT EXISTS created_before bigint,
      ADD COLUMN IF NOT EXISTS resumed_by text,
      ADD COLUMN IF NOT EXISTS resumes integer NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS resumed_at timestamptz,
      ADD COLUMN IF NOT EXISTS copied_at_resume integer NOT NULL DEFAULT 0;
    UPDATE sync_runs SET error_at = finished_at WHERE error IS NOT NULL AND error_at IS NULL;
    CREATE INDEX IF NOT EXISTS sync_runs_resumed_by_idx ON sync_runs(resumed_by) WHERE resumed_by IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS sync_runs_resumed_by_idx;
    UPDATE sync_runs SET status = 'failed' WHERE status IN ('terminated', 'timed_out');
    ALTER TABLE sync_runs DROP CONSTRAINT IF EXISTS sync_runs_status_check;
    ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'canceled'));
    ALTER TABLE sync_runs DROP COLUMN IF EXISTS copied_at_resume, DROP COLUMN IF EXISTS resumed_at, DROP COLUMN IF EXISTS resumes, DROP COLUMN IF EXISTS resumed_by,
      DROP COLUMN IF EXISTS created_before, DROP COLUMN IF EXISTS error_at;
  `);
}
