import assert from 'node:assert/strict';
import type { RateBudgetStore } from '../db/rate-budget-store';
import { LATE_AFTER_MS, createRateLimiter, sleep } from './rate-limiter';

/** A budget store that gives each reservation the next of `delays`, and counts them. */
function storeGiving(delays: number[]): RateBudgetStore & { reservations: number } {
  const store = {
    reservations: 0,
    reserve: async () => delays[store.reservations++] ?? 0,
  };
  return store;
}

const account = { stripeAccountId: 'acct_limiter', livemode: false };
const budget = { global: 25, perEndpoint: 25 };

describe('the rate limiter', () => {
  it('sends in the slot it reserved when its timer fires on time', async () => {
    const store = storeGiving([30, 30]);
    await createRateLimiter(store, account, budget).acquire('GET /v1/charges');
    assert.equal(store.reservations, 1);
  });

  it('takes a new slot when its timer fired late (a stalled event loop), instead of crowding the next second', async () => {
    const store = storeGiving([30, 0]);
    const stalled = (ms: number) => sleep(ms + LATE_AFTER_MS + 50);
    await createRateLimiter(store, account, budget, stalled).acquire('GET /v1/charges');
    assert.equal(store.reservations, 2);
  });

  it('goes after its third reservation, however late', async () => {
    const store = storeGiving([20, 20, 20, 20]);
    await createRateLimiter(store, account, budget, (ms) => sleep(ms + LATE_AFTER_MS + 50)).acquire('GET /v1/charges');
    assert.equal(store.reservations, 3);
  });
});
