import type { Knex } from 'knex';

/**
 * Pending Stripe Connect OAuth authorizations: the `state` we send to Stripe names one row, which
 * binds it to a project and a browser session, lives 10 minutes and can be used once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE IF NOT EXISTS oauth_states (
      id            text PRIMARY KEY,
      project_id    text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      session_hash  text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL,
      used_at       timestamptz
    );
    CREATE INDEX IF NOT EXISTS oauth_states_expires_idx ON oauth_states(expires_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS oauth_states;');
}
