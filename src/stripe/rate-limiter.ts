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

/** The budget shared through Postgres by every worker process that calls this account; `waited` hears each wait. */
export function createRateLimiter(
  store: RateBudgetStore, account: AccountScope, budget: RateBudget, wait = sleep, waited?: (ms: number) => void,
): RateLimiter {
  return {
    async acquire(endpoint) {
      const delay = await store.reserve(rateBuckets(account, endpoint, budget));
      if (delay > 0) {
        waited?.(delay);
        await wait(delay);
      }
    },
  };
}
