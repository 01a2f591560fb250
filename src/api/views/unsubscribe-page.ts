import type { Unsubscribed } from '../commands/unsubscribe';
import { formatDateTime } from './format';
import { messagePage } from './message-page';

export interface UnsubscribePageProps {
  nonce: string;
  done?: Unsubscribed;
  /** why the link could not be used */
  problem?: string;
}

/** What someone who clicked an email's unsubscribe link sees. */
export function unsubscribePage({ nonce, done, problem }: UnsubscribePageProps): string {
  if (!done) {
    return messagePage({ nonce, title: 'This link does not work', message: problem ?? 'This unsubscribe link is not valid.', tone: 'bad', backTo: null });
  }
  const who = done.email ?? 'This address';
  return messagePage({
    nonce,
    title: 'You are unsubscribed',
    message: done.already
      ? `${who} was unsubscribed already, on ${formatDateTime(done.unsubscription.unsubscribedAt)}. Nothing more to do.`
      : `${who} will get no more marketing emails from us. Emails about your account, such as failed payments, still reach you.`,
    tone: 'ok',
    backTo: null,
  });
}
