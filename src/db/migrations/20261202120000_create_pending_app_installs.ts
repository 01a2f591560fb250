import type { Knex } from 'knex';

/**
 * Stripe App installs that started in Stripe: they come back with a code and no state, so the
 * code waits here (encrypted, bound to the browser session, single use, as long as the code lives)
 * while the user signs in and chooses the project it is for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE IF NOT EXISTS pending_app_installs (
      id            text PRIMARY KEY,
      session_hash  text NOT NULL,
      code          text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL,
      used_at       timestamptz
    );
    CREATE INDEX IF NOT EXISTS pending_app_installs_expires_idx ON pending_app_installs(expires_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS pending_app_installs;');
}
