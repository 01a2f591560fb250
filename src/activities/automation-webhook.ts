import { ApplicationFailure, Context } from '@temporalio/activity';
import { PrivateAddressError } from '../delivery/address-guard';
import { WebhookHttpError } from '../delivery/webhook-call';
import { openRun, type AutomationStepInput } from './automation-runs';
import type { AutomationActivityDeps } from './deps';

export interface CallAutomationWebhookInput extends AutomationStepInput {
  url: string;
  payload: Record<string, unknown>;
}

export interface CallAutomationWebhookOutput {
  status: 'delivered' | 'disabled';
  httpStatus?: number;
}




export function createAutomationWebhookActivities({ automations: deps }: { automations: AutomationActivityDeps }) {
  return {
    /**
     * POSTs the run's event to the project's URL, signed with the automation's secret. Each attempt
     * is recorded on the step; a 408, 429, 5xx or network error is retried by Temporal with backoff.
     */
    async callAutomationWebhook(input: CallAutomationWebhookInput): Promise<CallAutomationWebhookOutput> {
      const { run, enabled } = await openRun(deps, input.runId);
      if (!enabled) return { status: 'disabled' };
      const { attempt } = Context.current().info;
      const host = new URL(input.url).host;
      const step = (status: 'done' | 'retried' | 'failed' | 'refused', detail: string) =>
        deps.runs.recordStep(run.id, input.step, { kind: 'webhook', status, detail, attempts: attempt });
      await deps.runs.setCurrent(run.id, 'running', `calling ${host}`);
      const secret = await deps.settings.webhookSecret(run.projectId, run.automationId);
      if (!secret) {
        await step('failed', 'no signing secret: enable the automation again to issue one');
        throw ApplicationFailure.nonRetryable('the automation has no webhook signing secret', 'WebhookRejected');
      }
      try {
        const { status } = await deps.postWebhook({
          url: input.url, body: input.payload, secret, timestamp: Math.floor(Date.now() / 1000), allowPrivate: deps.allowPrivateUrls,
        });
        await step('done', `POST ${host}: HTTP ${status}${attempt > 1 ? ` after ${attempt} attempts` : ''}`);
        return { status: 'delivered', httpStatus: status };
      } catch (error) {
        if (error instanceof PrivateAddressError) {
          await step('refused', error.message);
          throw ApplicationFailure.nonRetryable(error.message, 'WebhookRefused');
        }
        const message = (error as Error).message;
        if (error instanceof WebhookHttpError && !error.retryable) {
          await step('failed', `POST ${host}: ${message}`);
          throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
        }
        await step('retried', `POST ${host}: ${message} (attempt ${attempt})`);
        throw error;
      }
    },
  };
}
