import type { RateBudget } from '../domain/connection';
import type { RateBucket, RateBudgetStore } from '../db/rate-budget-store';

/** Waits until a request to `endpoint` fits the budget, and charges it. */
export interface RateLimiter {
  acquire(endpoint: string): Promise<void>;
}

/**
 * Requests are spaced for 90 % of the budget: a timer that fires a few ms late must not push two
 * requests into one second and over the budget. (The budget is itself half of Stripe's limits.)
 */
export const SCHEDULE_HEADROOM = 0.9;

export interface AccountScope {
  stripeAccountId: string;
  livemode: boolean;
}

/** One bucket for the account and mode as a whole, one per endpoint: Stripe limits both. */
export function rateBuckets(account: AccountScope, endpoint: string, budget: RateBudget): RateBucket[] {
  const base = `${account.stripeAccountId}:${account.livemode ? 'live' : 'test'}`;
  const interval = (perSecond: number) => 1000 / (perSecond * SCHEDULE_HEADROOM);
  return [
    { key: base, intervalMs: interval(budget.global) },
    { key: `${base}:${endpoint}`, intervalMs: interval(budget.perEndpoint) },
  ];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A request whose timer fired this long after its slot takes a new one: an event loop stalled by
 * a few hundred ms would otherwise send every request due meanwhile at once, crowding one second
 * of Stripe's window past its limit. The slot it missed is left unused.
 */
export const LATE_AFTER_MS = 100;
/** Reservations one request may make; after the last it goes, however late. */
const MAX_RESERVATIONS = 3;

/** The budget shared through Postgres by every worker process that calls this account; `waited` hears each wait. */
export function createRateLimiter(
  store: RateBudgetStore, account: AccountScope, budget: RateBudget, wait = sleep, waited?: (ms: number) => void,
): RateLimiter {
  return {
    async acquire(endpoint) {
      const buckets = rateBuckets(account, endpoint, budget);
      for (let reservations = 1; ; reservations++) {
        const delay = await store.reserve(buckets);
        if (delay <= 0) return;
        const due = Date.now() + delay;
        waited?.(delay);
        await wait(delay);
        if (Date.now() - due <= LATE_AFTER_MS || reservations >= MAX_RESERVATIONS) return;
      }
    },
  };
}
