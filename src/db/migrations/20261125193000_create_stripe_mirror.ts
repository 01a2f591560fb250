import type { Knex } from 'knex';

/**
 * The Stripe mirror of each connection, the identity links to profiles, the shared rate budget and
 * the first sync's checkpoints.
 *
 * Every mirrored object keeps the whole Stripe object (`data`) and the version it was read at
 * (`source_version`, epoch ms): upserts apply only when the stored version is not newer, so old data
 * never overwrites new. `profile_id` on subscriptions and charges is derived from the links (or, for
 * a charge without a customer, from its email) and kept in step by the identity store.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE IF NOT EXISTS stripe_customers (
      connection_id      text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      id                 text NOT NULL,
      email              text,
      email_key          text,
      stripe_created_at  timestamptz NOT NULL,
      deleted            boolean NOT NULL DEFAULT false,
      -- the last sync run whose listing returned it: a complete run deletes the customers it did not see
      last_seen_run_id   text,
      data               jsonb NOT NULL,
      source_version     bigint NOT NULL,
      synced_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, id)
    );
    CREATE INDEX IF NOT EXISTS stripe_customers_email_idx ON stripe_customers(connection_id, email_key);

    CREATE TABLE IF NOT EXISTS stripe_customer_links (
      connection_id       text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      stripe_customer_id  text NOT NULL,
      profile_id          text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      linked_at           timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, stripe_customer_id)
    );
    CREATE INDEX IF NOT EXISTS stripe_customer_links_profile_idx ON stripe_customer_links(profile_id);

    CREATE TABLE IF NOT EXISTS stripe_subscriptions (
      connection_id      text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      id                 text NOT NULL,
      customer_id        text NOT NULL,
      status             text NOT NULL,
      profile_id         text REFERENCES profiles(id) ON DELETE SET NULL,
      stripe_created_at  timestamptz NOT NULL,
      data               jsonb NOT NULL,
      source_version     bigint NOT NULL,
      synced_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, id)
    );
    CREATE INDEX IF NOT EXISTS stripe_subscriptions_customer_idx ON stripe_subscriptions(connection_id, customer_id);
    CREATE INDEX IF NOT EXISTS stripe_subscriptions_profile_idx ON stripe_subscriptions(profile_id);

    CREATE TABLE IF NOT EXISTS stripe_charges (
      connection_id      text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      id                 text NOT NULL,
      customer_id        text,
      email_key          text,
      status             text NOT NULL,
      amount             bigint NOT NULL,
      currency           text NOT NULL,
      profile_id         text REFERENCES profiles(id) ON DELETE SET NULL,
      stripe_created_at  timestamptz NOT NULL,
      data               jsonb NOT NULL,
      source_version     bigint NOT NULL,
      synced_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, id)
    );
    CREATE INDEX IF NOT EXISTS stripe_charges_customer_idx ON stripe_charges(connection_id, customer_id);
    CREATE INDEX IF NOT EXISTS stripe_charges_profile_idx ON stripe_charges(profile_id);
    CREATE INDEX IF NOT EXISTS stripe_charges_guest_email_idx ON stripe_charges(email_key) WHERE customer_id IS NULL;

    -- GCRA: per bucket, the earliest time (Postgres clock, epoch ms) the next request may start.
    CREATE TABLE IF NOT EXISTS stripe_rate_budget (
      bucket        text PRIMARY KEY,
      next_free_ms  double precision NOT NULL,
      updated_at    timestamptz NOT NULL DEFAULT now()
    );

    -- Committed in the same transaction as the page it follows: a retried activity resumes here.
    CREATE TABLE IF NOT EXISTS stripe_sync_checkpoints (
      sync_run_id   text NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
      slice_id      text NOT NULL,
      object_type   text NOT NULL CHECK (object_type IN ('customers', 'subscriptions', 'charges')),
      gte           bigint NOT NULL,
      lt            bigint NOT NULL,
      cursor        text,
      last_created  bigint,
      count         integer NOT NULL DEFAULT 0,
      pages         integer NOT NULL DEFAULT 0,
      done          boolean NOT NULL DEFAULT false,
      updated_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sync_run_id, slice_id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS stripe_sync_checkpoints;
    DROP TABLE IF EXISTS stripe_rate_budget;
    DROP TABLE IF EXISTS stripe_charges;
    DROP TABLE IF EXISTS stripe_subscriptions;
    DROP TABLE IF EXISTS stripe_customer_links;
    DROP TABLE IF EXISTS stripe_customers;
  `);
}
