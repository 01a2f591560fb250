import { param } from '../../domain/automation';
import { defineAutomation } from './kit/define';

/** Stripe says a trial ends in three days: tell the customer. */
export const trialEnding = defineAutomation({
  id: 'trial-ending',
  version: 1,
  name: 'Trial ending',
  description: 'Emails a customer when Stripe says their trial ends soon.',
  trigger: 'Stripe Subscription Trial Will End',
  params: {
    subject: param.template('Subject', 'Your trial ends soon'),
    body: param.template('Body', 'Hello,\n\nyour trial of {{event.nickname}} ends soon. Add a card to keep going without a break.', { multiline: true }),
  },
  async run({ params, actions }) {
    return actions.sendEmail({ subject: params.subject, body: params.body });
  },
});
