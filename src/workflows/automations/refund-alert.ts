import { param } from '../../domain/automation';
import { defineAutomation } from './kit/define';

/** A large refund: tell the team's webhook, and mark the customer for a follow-up. */
export const refundAlert = defineAutomation({
  id: 'refund-alert',
  version: 1,
  name: 'Refund alert',
  description: 'Calls your webhook when a large refund goes out, and marks the customer for a follow-up.',
  trigger: 'Stripe Charge Refunded',
  params: {
    minimumAmount: param.number('Smallest refund to report (in cents)', 10_000, { min: 0 }),
    webhookUrl: param.url('Webhook for the alert'),
  },
  // decided when the refund is recorded: a small refund starts no run at all
  filter: ({ event, params }) => Number(event.properties.amountRefunded) >= params.minimumAmount,
  async run({ event, profile, params, actions }) {
    await actions.setTrait('refund.follow_up', true);
    const delivered = await actions.callWebhook(params.webhookUrl, { type: 'refund.large', email: profile.email, refund: event.properties });
    return delivered === true ? 'alert sent' : 'no alert sent';
  },
});
