import { param } from '../../domain/automation';
import { defineAutomation } from './kit/define';

/** A failed charge: email at once; if no charge succeeds within the delay, a reminder and a webhook call. */
export const dunning = defineAutomation({
  id: 'dunning',
  version: 1,
  name: 'Dunning',
  description: 'Emails a customer whose charge failed, and reminds them (and calls your webhook) if they have not paid after a few days.',
  trigger: 'Stripe Charge Failed',
  params: {
    firstSubject: param.template('First email: subject', 'Your payment did not go through'),
    firstBody: param.template('First email: body', 'Hello,\n\nwe could not take your payment: {{event.failureMessage}}\n\nPlease update your card so your subscription carries on.', { multiline: true }),
    retryAfter: param.duration('Wait for a successful charge', '3 days'),
    reminderSubject: param.template('Reminder: subject', 'Reminder: your payment is still outstanding'),
    reminderBody: param.template('Reminder: body', 'Hello,\n\nyour payment is still outstanding. Please update your card to keep your subscription.', { multiline: true }),
    webhookUrl: param.url('Webhook called with the reminder', 'optional; POSTed a signed JSON body'),
  },
  async run({ event, profile, params, actions }) {
    await actions.sendEmail({ subject: params.firstSubject, body: params.firstBody });
    const paid = await actions.waitForEvent('Stripe Charge Succeeded', { within: params.retryAfter });
    if (paid) actions.end(`paid: ${String(paid.properties.id)}`);
    await actions.sendEmail({ subject: params.reminderSubject, body: params.reminderBody });
    await actions.callWebhook(params.webhookUrl, { type: 'dunning.reminder_sent', profileId: profile.id, email: profile.email, charge: event.properties });
    return 'reminder sent';
  },
});
