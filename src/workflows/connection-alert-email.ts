import { proxyActivities } from '@temporalio/workflow';
import type { Activities, SendAlertEmailInput } from '../activities';

// Until SMTP takes it: a mail server down for a day delays the alert, it never drops it.
const { sendAlertEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  summary: 'hand the alert email to SMTP',
});

/** The delivery of one alert email (id `alert-email:<emailId>`), written to the outbox with its cause. */
export async function ConnectionAlertEmailWorkflow(input: SendAlertEmailInput): Promise<void> {
  await sendAlertEmail(input);
}
