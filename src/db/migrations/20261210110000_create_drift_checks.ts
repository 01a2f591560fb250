import type { Knex } from 'knex';

/**
 * The drift check: every connection compares Stripe's objects with its mirror now and then
 * (`drift_check_every_hours`, weekly by default; 0 turns it off) and repairs what differs. Each
 * check keeps its counts per object kind; the ids it saw in Stripe's lists are kept while it runs,
 * to find what the mirror holds that Stripe no longer lists.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE stripe_connections
      ADD COLUMN IF NOT EXISTS drift_check_every_hours integer NOT NULL DEFAULT 168 CHECK (drift_check_every_hours BETWEEN 0 AND 8760);

    CREATE TABLE IF NOT EXISTS stripe_drift_checks (
      id             text PRIMARY KEY,
      connection_id  text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      -- per kind: {"customers": {"checked", "missing", "stale", "removed"}, …}
      counts         jsonb NOT NULL DEFAULT '{}'::jsonb,
      error          text,
      started_at     timestamptz NOT NULL DEFAULT now(),
      finished_at    timestamptz
    );
    CREATE INDEX IF NOT EXISTS stripe_drift_checks_connection_idx ON stripe_drift_checks(connection_id, started_at DESC);

    CREATE TABLE IF NOT EXISTS stripe_drift_seen (
      drift_check_id  text NOT NULL REFERENCES stripe_drift_checks(id) ON DELETE CASCADE,
      object_type     text NOT NULL CHECK (object_type IN ('customers', 'subscriptions', 'charges')),
      id              text NOT NULL,
      PRIMARY KEY (drift_check_id, object_type, id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS stripe_drift_seen;
    DROP TABLE IF EXISTS stripe_drift_checks;
    ALTER TABLE stripe_connections DROP COLUMN IF EXISTS drift_check_every_hours;
  `);
}
