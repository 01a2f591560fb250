import type { OutboxEmail } from '../../db/email-outbox-store';

/**
 * An email an automation sent or kept: `status` is sent (handed to SMTP), outbox (kept here: no
 * SMTP, or a test-mode run), suppressed (unsubscribed), failed or queued; `testMode` marks emails
 * of runs triggered by test-mode events. `alert` is set on a connection's alert email (what it is
 * about), whose `profileId` and `runId` are null.
 */
export const presentEmail = (e: OutboxEmail) => ({
  id: e.id,
  to: e.to,
  subject: e.subject,
  text: e.text,
  status: e.status,
  transport: e.transport,
  testMode: e.testMode,
  marketing: e.marketing,
  profileId: e.profileId,
  runId: e.runId,
  step: e.step,
  messageId: e.messageId,
  error: e.error,
  createdAt: e.createdAt.toISOString(),
  sentAt: e.sentAt?.toISOString() ?? null,
  alert: e.alert,
});

export type EmailView = ReturnType<typeof presentEmail>;
