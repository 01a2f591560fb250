import { emailHtml, emailText } from '../delivery/email-body';
import { renderTemplate } from '../domain/automation';
import type { EmailStatus } from '../db/email-outbox-store';
import type { Metrics } from '../metrics/metrics';
import { maskSecrets } from '../stripe/errors';
import { openRun, type AutomationStepInput } from './automation-runs';
import { awaitsHandOver, handOverToSmtp } from './smtp-hand-over';
import type { AutomationActivityDeps } from './deps';

export interface SendAutomationEmailInput extends AutomationStepInput {
  /** templates: `{{traits.…}}`, `{{event.…}}`, `{{profile.email}}` */
  subject: string;
  body: string;
}

export interface SendAutomationEmailOutput {
  /** sent over SMTP, kept in the outbox (no SMTP, or a test-mode run), suppressed (unsubscribed), skipped (no address) */
  status: Extract<EmailStatus, 'sent' | 'outbox' | 'suppressed'> | 'skipped' | 'disabled';
  emailId?: string;
}

export function createAutomationEmailActivities({ automations: deps, metrics }: { automations: AutomationActivityDeps; metrics: Pick<Metrics, 'emailSent'> }) {
  return {
    /**
     * Renders and delivers one email of a run. The outbox row is written first, once per run and
     * step, so a retry after a crash finds it and never queues a second; over SMTP, what can repeat
     * is only the hand-over itself, with the same Message-ID.
     */
    async sendAutomationEmail(input: SendAutomationEmailInput): Promise<SendAutomationEmailOutput> {
      const { run, spec, setting, enabled } = await openRun(deps, input.runId);
      if (!enabled) return { status: 'disabled' };
      const record = (status: Exclude<SendAutomationEmailOutput['status'], 'disabled'>, detail: string) =>
        deps.runs.recordStep(run.id, input.step, { kind: 'email', status, detail });
      await deps.runs.setCurrent(run.id, 'running', 'sending an email');

      const [profile, trigger] = await Promise.all([deps.profiles.get(run.projectId, run.profileId), deps.profileEvents.get(run.projectId, run.profileEventId)]);
      if (!profile.email) {
        await record('skipped', 'the profile has no email address');
        return { status: 'skipped' };
      }
      const unsubscribed = spec.marketing ? await deps.unsubscriptions.find(run.projectId, profile.id) : undefined;
      const values = { traits: profile.traits, event: trigger?.properties ?? {}, profile: { email: profile.email } };
      const subject = renderTemplate(input.subject, values).replace(/[\r\n]+/g, ' ').trim();
      const text = renderTemplate(input.body, values);
      const unsubscribeUrl = spec.marketing ? deps.unsubscribeUrl(run.projectId, profile.id) : undefined;
      // a test-mode event's run never emails a real person unless the project asked for it
      const overSmtp = !!deps.mailer && (!run.testMode || !!setting?.testModeEmails);
      const { email } = await deps.outbox.queue({
        projectId: run.projectId, profileId: profile.id, runId: run.id, step: input.step, to: profile.email, subject,
        text: emailText(text, unsubscribeUrl), html: emailHtml(text, unsubscribeUrl), testMode: run.testMode, marketing: !!spec.marketing,
        status: unsubscribed ? 'suppressed' : overSmtp ? 'queued' : 'outbox', transport: overSmtp ? 'smtp' : 'outbox',
      });

      let status = email.status;
      if (awaitsHandOver(status)) {
        const headers = unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined;
        try {
          status = await handOverToSmtp({ mailer: deps.mailer!, from: deps.from, outbox: deps.outbox, metrics }, email, headers);
        } catch (error) {
          await deps.runs.recordStep(run.id, input.step, { kind: 'email', status: 'retried', detail: `to ${email.to}: ${maskSecrets((error as Error).message)}` });
          throw error;
        }
      }
      if (status === 'suppressed') {
        await record('suppressed', `to ${email.to}: unsubscribed on ${unsubscribed!.unsubscribedAt.toISOString()}`);
        return { status: 'suppressed', emailId: email.id };
      }
      await deps.profileEvents.record({
        projectId: run.projectId, profileId: profile.id, name: 'Email Sent', source: 'automation', sourceEventId: email.id,
        occurredAt: new Date(), properties: { subject: email.subject, automation: run.automationId, run: run.id, delivery: status, test: run.testMode },
      });
      const delivered = status === 'sent' ? 'sent' : 'outbox';
      await record(delivered, `to ${email.to}: "${email.subject}"${delivered === 'outbox' ? (run.testMode ? ' (test mode: kept in the outbox)' : ' (outbox)') : ''}`);
      return { status: delivered, emailId: email.id };
    },
  };
}
