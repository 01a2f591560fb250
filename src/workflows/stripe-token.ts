import { ActivityFailure, condition, log, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities, RefreshStripeTokenOutput } from '../activities';
import { refreshStripeTokenUpdate, type StripeAccountInput } from './messages';

const { refreshStripeToken } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** After a refresh failed for good (Stripe away, no key configured): the wait before the next try. */
const PAUSE_AFTER_FAILURE = '1 minute';

/**
 * Keeps a Stripe App connection's access token fresh, from inside its account workflow: the one
 * place its refreshes happen, one at a time, because its refresh token rotates and of two
 * refreshes racing on it one would get `invalid_grant`. A timer refreshes a few minutes before the
 * token expires; an activity whose token Stripe refused asks through `refreshStripeToken` and
 * waits for the new one. For other modes nothing runs until an activity asks (a connection
 * reinstalled as an App after this workflow started).
 */
export function keepStripeTokenFresh(input: Pick<StripeAccountInput, 'connectionId' | 'mode'>): void {
  const { connectionId } = input;
  /** epoch ms when the stored token is due; 0 now; null nothing to keep fresh */
  let refreshAt: number | null = input.mode === 'app' ? 0 : null;
  let timerRunning = false;
  let queue: Promise<unknown> = Promise.resolve();

  function refresh(rejected?: string): Promise<RefreshStripeTokenOutput> {
    const run = queue.then(() => refreshStripeToken({ connectionId, ...(rejected ? { rejected } : {}) }));
    queue = run.catch(() => undefined);
    return run.then((out) => {
      refreshAt = out.refreshAt;
      startTimer();
      return out;
    });
  }

  async function timer(): Promise<void> {
    while (refreshAt !== null) {
      const due = refreshAt;
      // a refresh asked for meanwhile moves the due time: wait for that one instead
      if (due > Date.now() && (await condition(() => refreshAt !== due, due - Date.now()))) continue;
      try {
        await refresh();
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        log.warn('refreshing the Stripe App token failed; trying again later', { connectionId, error: error.cause?.message ?? error.message });
        await sleep(PAUSE_AFTER_FAILURE);
      }
    }
  }

  function startTimer(): void {
    if (timerRunning || refreshAt === null) return;
    timerRunning = true;
    timer().then(
      () => void (timerRunning = false),
      (error: unknown) => {
        timerRunning = false;
        log.warn('the Stripe App token timer stopped', { connectionId, error: String(error) });
      },
    );
  }

  setHandler(refreshStripeTokenUpdate, async ({ rejected }) => ({ refreshed: (await refresh(rejected)).refreshed }));
  startTimer();
}
