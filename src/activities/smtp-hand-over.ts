import type { EmailOutboxStore, EmailStatus, OutboxEmail } from '../db/email-outbox-store';
import type { Mailer } from '../delivery/mailer';
import type { Metrics } from '../metrics/metrics';
import { maskSecrets } from '../stripe/errors';

/** An email queued for SMTP, or whose last hand-over failed: one still to hand over. */
export const awaitsHandOver = (status: EmailStatus): boolean => status === 'queued' || status === 'failed';

export interface SmtpHandOverDeps {
  mailer: Mailer;
  from: string;
  outbox: Pick<EmailOutboxStore, 'settle'>;
  metrics: Pick<Metrics, 'emailSent'>;
}

/**
 * Hands one outbox email to SMTP, with a Message-ID of ours so that a resend after a crash is
 * recognisable, and settles its row: sent, or failed with the (masked) error, which is thrown
 * again so that the activity's retry tries once more. Returns the row's status once settled.
 */
export async function handOverToSmtp(
  deps: SmtpHandOverDeps,
  email: Pick<OutboxEmail, 'id' | 'to' | 'subject' | 'text' | 'html'>,
  headers?: Record<string, string>,
): Promise<EmailStatus> {
  try {
    const sent = await deps.mailer.send({
      from: deps.from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId: `<${email.id}@stripe-engage>`,
      ...(headers ? { headers } : {}),
    });
    const { status } = await deps.outbox.settle(email.id, { status: 'sent', messageId: sent.messageId });
    deps.metrics.emailSent();
    return status;
  } catch (error) {
    await deps.outbox.settle(email.id, { status: 'failed', error: maskSecrets((error as Error).message) });
    throw error;
  }
}
