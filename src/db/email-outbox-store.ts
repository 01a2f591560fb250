import type { Knex } from 'knex';
import { profilesWithRows } from './profiles-with-rows';
import { newId } from '../domain/ids';
import { newestFirst } from './keyset-cursor';
import type { AlertCause } from '../domain/connection-alerts';

const TABLE = 'email_outbox';

export type EmailStatus = 'queued' | 'sent' | 'outbox' | 'suppressed' | 'failed';

/** An email an automation (or a connection's alert) sent, or kept here instead of sending. */
export interface OutboxEmail {
  id: string;
  projectId: string;
  profileId: string | null;
  runId: string | null;
  step: number | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  testMode: boolean;
  marketing: boolean;
  status: EmailStatus;
  transport: 'smtp' | 'outbox';
  messageId: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** set on an alert email: the connection it is about, and why */
  alert: { connectionId: string; cause: AlertCause } | null;
}

interface EmailRow {
  id: string; project_id: string; profile_id: string | null; run_id: string | null; step: number | null; to_address: string; subject: string;
  text_body: string; html_body: string; test_mode: boolean; marketing: boolean; status: EmailStatus; transport: 'smtp' | 'outbox';
  message_id: string | null; error: string | null; created_at: Date; sent_at: Date | null;
  connection_id: string | null; alert_cause: AlertCause | null;
}

const toEmail = (r: EmailRow): OutboxEmail => ({
  id: r.id, projectId: r.project_id, profileId: r.profile_id, runId: r.run_id, step: r.step, to: r.to_address, subject: r.subject,
  text: r.text_body, html: r.html_body, testMode: r.test_mode, marketing: r.marketing, status: r.status, transport: r.transport,
  messageId: r.message_id, error: r.error, createdAt: r.created_at, sentAt: r.sent_at,
  alert: r.connection_id && r.alert_cause ? { connectionId: r.connection_id, cause: r.alert_cause } : null,
});

export type NewOutboxEmail = Pick<OutboxEmail, 'projectId' | 'profileId' | 'runId' | 'step' | 'to' | 'subject' | 'text' | 'html' | 'testMode' | 'marketing' | 'status' | 'transport'>;

/** A connection's alert email, addressed to the project's alert email. */
export type NewAlertEmail = Pick<OutboxEmail, 'projectId' | 'to' | 'subject' | 'text' | 'html' | 'status' | 'transport'> & {
  alert: NonNullable<OutboxEmail['alert']>;
};

/** What alert emails are not delivered yet: those queued for SMTP, or whose hand-over failed. */
const UNDELIVERED: EmailStatus[] = ['queued', 'failed'];

/** The one owner of `email_outbox`: every email automations and connection alerts sent or held, with how it went. */
export interface EmailOutboxStore {
  /** Records the email of a run's step once; a retried step gets the row it wrote first. */
  queue(email: NewOutboxEmail): Promise<{ email: OutboxEmail; created: boolean }>;
  /** Records a connection's alert email (its claim in `connection_alerts` makes it one per hour). */
  queueAlert(email: NewAlertEmail): Promise<OutboxEmail>;
  find(id: string): Promise<OutboxEmail | undefined>;
  /** The connection's alert emails still to hand to SMTP, oldest first. */
  undeliveredAlerts(connectionId: string): Promise<OutboxEmail[]>;
  settle(id: string, change: { status: EmailStatus; messageId?: string | null; error?: string | null }): Promise<OutboxEmail>;
  list(projectId: string, query: { profileId?: string; runId?: string; limit: number; cursor?: string | null }): Promise<{ data: OutboxEmail[]; nextCursor: string | null }>;
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  profilesKeptBy(profileIds: string[]): Promise<string[]>;
}

export function createEmailOutboxStore(db: Knex): EmailOutboxStore {
  return {
    async queue(e) {
      const [row] = await db<EmailRow>(TABLE).insert({
        id: newId('mail'), project_id: e.projectId, profile_id: e.profileId, run_id: e.runId, step: e.step, to_address: e.to, subject: e.subject,
        text_body: e.text, html_body: e.html, test_mode: e.testMode, marketing: e.marketing, status: e.status, transport: e.transport,
      }).onConflict(['run_id', 'step']).ignore().returning('*');
      if (row) return { email: toEmail(row as EmailRow), created: true };
      const first = (await db<EmailRow>(TABLE).where({ run_id: e.runId, step: e.step }).first())!;
      return { email: toEmail(first), created: false };
    },
    async queueAlert(e) {
      const [row] = await db<EmailRow>(TABLE).insert({
        id: newId('mail'), project_id: e.projectId, to_address: e.to, subject: e.subject, text_body: e.text, html_body: e.html,
        test_mode: false, marketing: false, status: e.status, transport: e.transport, connection_id: e.alert.connectionId, alert_cause: e.alert.cause,
      }).returning('*');
      return toEmail(row as EmailRow);
    },
    async find(id) {
      const row = await db<EmailRow>(TABLE).where({ id }).first();
      return row ? toEmail(row) : undefined;
    },
    async undeliveredAlerts(connectionId) {
      const rows = await db<EmailRow>(TABLE).where({ connection_id: connectionId }).whereNotNull('alert_cause').whereIn('status', UNDELIVERED)
        .orderBy('created_at').select('*');
      return rows.map(toEmail);
    },
    async settle(id, change) {
      const [row] = await db<EmailRow>(TABLE).where({ id }).update({
        status: change.status, message_id: change.messageId ?? null, error: change.error ?? null,
        sent_at: change.status === 'sent' ? db.fn.now() : null,
      } as Partial<EmailRow>).returning('*');
      return toEmail(row as EmailRow);
    },
    list: (projectId, { profileId, runId, ...page }) =>
      newestFirst(db, TABLE, { project_id: projectId, profile_id: profileId, run_id: runId }, page, toEmail),
    profilesKeptBy: (profileIds) => profilesWithRows(db, TABLE, profileIds),
    async moveToProfile(sourceProfileId, targetProfileId) {
      await db(TABLE).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },
  };
}
