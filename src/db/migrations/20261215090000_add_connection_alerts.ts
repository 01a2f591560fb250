import type { Knex } from 'knex';

/**
 * The alert email: a project may name an address that hears when a connection needs reconnecting,
 * is disconnected in Stripe, fails a sync or sets events aside as dead. `connection_alerts` holds
 * one claim per connection and cause, moved forward at most hourly, so a burst of the same trouble
 * is one email; the emails themselves go through `email_outbox`, marked with what they are about.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE projects ADD COLUMN IF NOT EXISTS alert_email text;

    CREATE TABLE IF NOT EXISTS connection_alerts (
      connection_id   text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      cause           text NOT NULL CHECK (cause IN ('needs_reconnect', 'disconnected_in_stripe', 'sync_failed', 'events_dead')),
      last_alerted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, cause)
    );

    ALTER TABLE email_outbox
      ADD COLUMN IF NOT EXISTS connection_id text REFERENCES stripe_connections(id) ON DELETE CASCADE,
      ADD COLUMN IF NOT EXISTS alert_cause text;
    CREATE INDEX IF NOT EXISTS email_outbox_undelivered_alerts_idx ON email_outbox(connection_id)
      WHERE alert_cause IS NOT NULL AND status IN ('queued', 'failed');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS email_outbox_undelivered_alerts_idx;
    ALTER TABLE email_outbox DROP COLUMN IF EXISTS alert_cause, DROP COLUMN IF EXISTS connection_id;
    DROP TABLE IF EXISTS connection_alerts;
    ALTER TABLE projects DROP COLUMN IF EXISTS alert_email;
  `);
}
