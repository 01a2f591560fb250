import type { Knex } from 'knex';

/**
 * Timeline entries can be imported from the past (`historical`, never triggering anything), and a
 * profile's timeline is read newest first with a keyset cursor over (occurred_at, id).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE profile_events ADD COLUMN IF NOT EXISTS historical boolean NOT NULL DEFAULT false;
    CREATE INDEX IF NOT EXISTS profile_events_timeline_idx ON profile_events(profile_id, occurred_at DESC, id DESC);
    DROP INDEX IF EXISTS profile_events_profile_idx;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX IF NOT EXISTS profile_events_profile_idx ON profile_events(profile_id, occurred_at DESC);
    DROP INDEX IF EXISTS profile_events_timeline_idx;
    ALTER TABLE profile_events DROP COLUMN IF EXISTS historical;
  `);
}
