import { Context } from '@temporalio/activity';
import { tokenFingerprint } from '../security/token-fingerprint';
import { refreshStripeTokenUpdate } from '../workflows/messages';
import { accountWorkflowId } from '../workflows/shared/ids';

/** How long an activity waits for its account workflow to refresh the token before it fails (and is retried). */
const RENEWAL_WAIT_MS = 30_000;

/**
 * What an activity does when Stripe refused its Stripe App access token: it asks the connection's
 * account workflow, the only place refreshes happen, and waits until the new token is stored. It
 * sends the token's fingerprint, never the token.
 */
export async function askAccountWorkflowToRefresh(connectionId: string, rejected: string): Promise<void> {
  const handle = Context.current().client.workflow.getHandle(accountWorkflowId(connectionId));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the account workflow did not refresh the Stripe App token within ${RENEWAL_WAIT_MS / 1000} s`)), RENEWAL_WAIT_MS);
  });
  try {
    await Promise.race([handle.executeUpdate(refreshStripeTokenUpdate, { args: [{ rejected: tokenFingerprint(rejected) }] }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
