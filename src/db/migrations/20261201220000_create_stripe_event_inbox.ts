import type { Knex } from 'knex';

/**
 * Live Stripe events. Every verified event is stored before Stripe is answered: per connection in
 * `stripe_event_inbox`, numbered by a per-connection sequence (`stripe_inbox_cursors`, with how far
 * the account workflow has processed) that the workflow reads in order; an event no connection wants (an account nobody connected) in `stripe_unrouted_events`.
 * Connections gain the event watermark (events from there on are live) and
 * the managed webhook endpoint of an API-key connection (its secret encrypted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE stripe_connections
      ADD COLUMN IF NOT EXISTS events_watermark timestamptz,
      ADD COLUMN IF NOT EXISTS webhook_endpoint_id text,
      ADD COLUMN IF NOT EXISTS webhook_secret text,
      ADD COLUMN IF NOT EXISTS webhooks_rejected bigint NOT NULL DEFAULT 0;

    CREATE TABLE IF NOT EXISTS stripe_inbox_cursors (
      connection_id  text PRIMARY KEY REFERENCES stripe_connections(id) ON DELETE CASCADE,
      last_seq       bigint NOT NULL DEFAULT 0,
      processed_seq  bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE IF NOT EXISTS stripe_event_inbox (
      connection_id    text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      seq              bigint NOT NULL,
      stripe_event_id  text NOT NULL,
      type             text NOT NULL,
      api_version      text,
      event_created    timestamptz NOT NULL,
      payload          jsonb NOT NULL,
      via              text NOT NULL CHECK (via IN ('webhook', 'poll')),
      status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'ignored', 'dead')),
      attempts         integer NOT NULL DEFAULT 0,
      last_error       text,
      received_at      timestamptz NOT NULL DEFAULT now(),
      processed_at     timestamptz,
      PRIMARY KEY (connection_id, seq),
      UNIQUE (connection_id, stripe_event_id)
    );
    CREATE INDEX IF NOT EXISTS stripe_event_inbox_open_idx ON stripe_event_inbox(connection_id, status) WHERE status IN ('pending', 'dead');

    CREATE TABLE IF NOT EXISTS stripe_unrouted_events (
      stripe_event_id  text PRIMARY KEY,
      account          text,
      livemode         boolean NOT NULL,
      type             text NOT NULL,
      payload          jsonb NOT NULL,
      received_at      timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS stripe_unrouted_events;
    DROP TABLE IF EXISTS stripe_event_inbox;
    DROP TABLE IF EXISTS stripe_inbox_cursors;
    ALTER TABLE stripe_connections
      DROP COLUMN IF EXISTS events_watermark,
      DROP COLUMN IF EXISTS webhook_endpoint_id, DROP COLUMN IF EXISTS webhook_secret, DROP COLUMN IF EXISTS webhooks_rejected;
  `);
}
