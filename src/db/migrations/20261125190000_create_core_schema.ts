import type { Knex } from 'knex';

/**
 * The core aggregates: projects and their API keys, Stripe connections, sync runs, customer
 * profiles (traits as flat dotted keys in jsonb), profile events and segments. The Stripe mirror
 * tables and other features add their own migrations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE projects (
      id          text PRIMARY KEY,
      name        text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE api_keys (
      id          text PRIMARY KEY,
      project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      key_hash    text NOT NULL UNIQUE,
      last4       text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      revoked_at  timestamptz
    );
    CREATE INDEX api_keys_project_idx ON api_keys(project_id);

    CREATE TABLE stripe_connections (
      id                text PRIMARY KEY,
      project_id        text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      stripe_account_id text NOT NULL,
      livemode          boolean NOT NULL,
      mode              text NOT NULL CHECK (mode IN ('oauth', 'api_key', 'app')),
      status            text NOT NULL CHECK (status IN ('syncing', 'active', 'needs_reconnect', 'error', 'disconnected')),
      status_message    text,
      credentials       text NOT NULL,
      scope             text,
      account_name      text,
      rate_budget       jsonb,
      connected_at      timestamptz NOT NULL DEFAULT now(),
      disconnected_at   timestamptz,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, stripe_account_id, livemode)
    );
    CREATE INDEX stripe_connections_account_idx ON stripe_connections(stripe_account_id, livemode);

    CREATE TABLE sync_runs (
      id             text PRIMARY KEY,
      connection_id  text NOT NULL REFERENCES stripe_connections(id) ON DELETE CASCADE,
      workflow_id    text NOT NULL,
      kind           text NOT NULL CHECK (kind IN ('initial', 'resync')),
      status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'canceled')),
      phase          text NOT NULL,
      counts         jsonb NOT NULL DEFAULT '{}'::jsonb,
      totals         jsonb NOT NULL DEFAULT '{}'::jsonb,
      error          text,
      started_at     timestamptz NOT NULL DEFAULT now(),
      finished_at    timestamptz,
      updated_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sync_runs_connection_idx ON sync_runs(connection_id, started_at DESC);

    CREATE TABLE profiles (
      id            text PRIMARY KEY,
      project_id    text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      email         text,
      email_key     text,
      external_key  text,
      traits        jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      CHECK (email_key IS NOT NULL OR external_key IS NOT NULL)
    );
    CREATE UNIQUE INDEX profiles_email_key_uq ON profiles(project_id, email_key) WHERE email_key IS NOT NULL;
    CREATE UNIQUE INDEX profiles_external_key_uq ON profiles(project_id, external_key) WHERE external_key IS NOT NULL;
    CREATE INDEX profiles_project_created_idx ON profiles(project_id, created_at, id);
    CREATE INDEX profiles_traits_gin ON profiles USING gin (traits jsonb_path_ops);

    CREATE TABLE profile_events (
      id               text PRIMARY KEY,
      project_id       text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      profile_id       text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      type             text NOT NULL,
      source           text NOT NULL,
      source_event_id  text,
      occurred_at      timestamptz NOT NULL,
      properties       jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX profile_events_source_uq ON profile_events(project_id, source, source_event_id)
      WHERE source_event_id IS NOT NULL;
    CREATE INDEX profile_events_profile_idx ON profile_events(profile_id, occurred_at DESC);

    CREATE TABLE segments (
      id          text PRIMARY KEY,
      project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      key         text NOT NULL,
      name        text NOT NULL,
      rule        jsonb NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, key)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS segments;
    DROP TABLE IF EXISTS profile_events;
    DROP TABLE IF EXISTS profiles;
    DROP TABLE IF EXISTS sync_runs;
    DROP TABLE IF EXISTS stripe_connections;
    DROP TABLE IF EXISTS api_keys;
    DROP TABLE IF EXISTS projects;
  `);
}
