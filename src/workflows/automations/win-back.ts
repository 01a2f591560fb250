import { param } from '../../domain/automation';
import { defineAutomation } from './kit/define';

/** A subscription ended: two weeks later, invite the customer back, unless they came back already. */
export const winBack = defineAutomation({
  id: 'win-back',
  version: 1,
  name: 'Win-back',
  description: 'Two weeks after a subscription is cancelled, emails the customer an invitation back, unless they subscribed again meanwhile.',
  trigger: 'Stripe Subscription Deleted',
  marketing: true,
  params: {
    delay: param.duration('Wait before the email', '14 days'),
    subject: param.template('Subject', 'We miss you'),
    body: param.template('Body', 'Hello,\n\nit has been a while. Come back any time: your account is waiting for you.', { multiline: true }),
  },
  async run({ params, actions }) {
    const back = await actions.waitForEvent('Stripe Subscription Created', { within: params.delay });
    if (back) actions.end('subscribed again');
    return actions.sendEmail({ subject: params.subject, body: params.body });
  },
});
