import type { Knex } from 'knex';

/** A connection may fill its customers' timelines with their past, from what the sync stored (off by default). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE stripe_connections ADD COLUMN IF NOT EXISTS timeline_history boolean NOT NULL DEFAULT false`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE stripe_connections DROP COLUMN IF EXISTS timeline_history`);
}
