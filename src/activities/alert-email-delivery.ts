import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { EmailStatus } from '../db/email-outbox-store';
import type { Metrics } from '../metrics/metrics';
import { alertEmailWorkflowId } from '../workflows/shared/ids';
import type { AlertDeps } from './deps';
import { awaitsHandOver, handOverToSmtp } from './smtp-hand-over';

export interface SendAlertEmailInput {
  emailId: string;
}

export interface SendAlertEmailOutput {
  /** `sent` now or before; `missing` when the row is gone (its connection deleted) */
  status: EmailStatus | 'missing';
}

/**
 * Starts the delivery workflow of each alert email, on the worker's own task queue. Its id is the
 * email's, never reused: a delivery running or done is not started again.
 */
export async function startAlertEmailWorkflows(emailIds: string[]): Promise<void> {
  const { client, info } = Context.current();
  for (const emailId of emailIds) {
    await client.workflow.start<(input: SendAlertEmailInput) => Promise<void>>('ConnectionAlertEmailWorkflow', {
      taskQueue: info.taskQueue, workflowId: alertEmailWorkflowId(emailId), args: [{ emailId }],
      workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }).catch((error: unknown) => {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    });
  }
}

export function createAlertEmailActivities({ alerts: deps, metrics }: { alerts: AlertDeps; metrics: Pick<Metrics, 'emailSent'> }) {
  return {
    /** Hands one alert email to SMTP once; a failed hand-over is thrown, so the workflow retries it until SMTP takes it. */
    async sendAlertEmail({ emailId }: SendAlertEmailInput): Promise<SendAlertEmailOutput> {
      const email = await deps.outbox.find(emailId);
      if (!email) return { status: 'missing' };
      if (!awaitsHandOver(email.status) || !deps.mailer) return { status: email.status };
      return { status: await handOverToSmtp({ mailer: deps.mailer, from: deps.from, outbox: deps.outbox, metrics }, email) };
    },
  };
}
