import type { Knex } from 'knex';

/**
 * Automations: each project's switch and params per automation; the run ledger (one row per
 * automation and triggering event, written before the run starts, which makes a run happen once)
 * with each run's steps; the waits of runs waiting for a profile event; the email outbox; and the
 * profiles that unsubscribed from marketing email.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE IF NOT EXISTS automation_settings (
      project_id        text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      automation_id     text NOT NULL,
      enabled           boolean NOT NULL DEFAULT false,
      params            jsonb NOT NULL DEFAULT '{}'::jsonb,
      test_mode_emails  boolean NOT NULL DEFAULT false,
      webhook_secret    text,
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, automation_id)
    );

    CREATE TABLE IF NOT EXISTS automation_runs (
      id                text PRIMARY KEY,
      project_id        text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      automation_id     text NOT NULL,
      version           integer NOT NULL,
      connection_id     text,
      source_event_id   text NOT NULL,
      profile_event_id  text NOT NULL,
      profile_id        text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      workflow_id       text NOT NULL,
      summary           text NOT NULL,
      test_mode         boolean NOT NULL,
      status            text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'running', 'waiting', 'completed', 'canceled', 'failed')),
      current_step      text,
      result            text,
      triggered_at      timestamptz NOT NULL,
      created_at        timestamptz NOT NULL DEFAULT now(),
      started_at        timestamptz,
      ended_at          timestamptz,
      UNIQUE (project_id, automation_id, source_event_id)
    );
    CREATE INDEX IF NOT EXISTS automation_runs_list_idx ON automation_runs(project_id, automation_id, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS automation_runs_pending_idx ON automation_runs(connection_id) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS automation_runs_profile_idx ON automation_runs(profile_id);

    CREATE TABLE IF NOT EXISTS automation_run_steps (
      run_id      text NOT NULL REFERENCES automation_runs(id) ON DELETE CASCADE,
      step        integer NOT NULL,
      kind        text NOT NULL,
      status      text NOT NULL,
      detail      text NOT NULL DEFAULT '',
      attempts    integer NOT NULL DEFAULT 1,
      started_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (run_id, step)
    );

    CREATE TABLE IF NOT EXISTS automation_waits (
      id           text PRIMARY KEY,
      run_id       text NOT NULL REFERENCES automation_runs(id) ON DELETE CASCADE,
      project_id   text NOT NULL,
      profile_id   text NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
      event_name   text NOT NULL,
      since        timestamptz NOT NULL,
      workflow_id  text NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS automation_waits_profile_idx ON automation_waits(profile_id, event_name);

    CREATE TABLE IF NOT EXISTS email_outbox (
      id           text PRIMARY KEY,
      project_id   text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      profile_id   text REFERENCES profiles(id) ON DELETE SET NULL,
      run_id       text REFERENCES automation_runs(id) ON DELETE SET NULL,
      step         integer,
      to_address   text NOT NULL,
      subject      text NOT NULL,
      text_body    text NOT NULL,
      html_body    text NOT NULL,
      test_mode    boolean NOT NULL,
      marketing    boolean NOT NULL,
      status       text NOT NULL CHECK (status IN ('queued', 'sent', 'outbox', 'suppressed', 'failed')),
      transport    text NOT NULL CHECK (transport IN ('smtp', 'outbox')),
      message_id   text,
      error        text,
      created_at   timestamptz NOT NULL DEFAULT now(),
      sent_at      timestamptz,
      UNIQUE (run_id, step)
    );
    CREATE INDEX IF NOT EXISTS email_outbox_project_idx ON email_outbox(project_id, created_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS email_outbox_profile_idx ON email_outbox(profile_id);

    CREATE TABLE IF NOT EXISTS profile_unsubscriptions (
      profile_id       text PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
      project_id       text NOT NULL,
      unsubscribed_at  timestamptz NOT NULL DEFAULT now(),
      source           text NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS profile_unsubscriptions;
    DROP TABLE IF EXISTS email_outbox;
    DROP TABLE IF EXISTS automation_waits;
    DROP TABLE IF EXISTS automation_run_steps;
    DROP TABLE IF EXISTS automation_runs;
    DROP TABLE IF EXISTS automation_settings;
  `);
}
