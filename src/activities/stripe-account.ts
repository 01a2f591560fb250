import { defaultRateBudget } from '../domain/connection';
import { classifyStripeError } from '../stripe/errors';
import type { ActivityDeps } from './deps';
import { callingStripe, toActivityFailure } from './stripe-failures';

export interface DescribeStripeAccountInput {
  connectionId: string;
}

export interface DescribeStripeAccountOutput {
  /** unix seconds, when Stripe says: the sync's slices start there */
  accountCreated: number | null;
  /** how many slices to page at once to fill the connection's rate budget */
  concurrency: number;
  /** the connection's rate budget, requests per second for the whole account */
  budgetPerSecond?: number;
}

/** Pages in flight per request/second of budget: Stripe answers a list of 100 in roughly half a second. */
const SLICES_PER_REQUEST_PER_SECOND = 0.5;
const MAX_CONCURRENCY = 32;

export function createStripeAccountActivities({ connections, gateways }: ActivityDeps) {
  return {
    /**
     * The first Stripe call of a sync: it checks the credentials (a revoked key fails here, before
     * any slice starts) and tells when the account began.
     */
    async describeStripeAccount({ connectionId }: DescribeStripeAccountInput): Promise<DescribeStripeAccountOutput> {
      const connection = await connections.get(connectionId);
      const budget = connection.rateBudget ?? defaultRateBudget(connection.livemode);
      const concurrency = Math.min(MAX_CONCURRENCY, Math.max(2, Math.ceil(budget.global * SLICES_PER_REQUEST_PER_SECOND)));
      const budgetPerSecond = budget.global;
      const gateway = await callingStripe(() => gateways.forConnection(connection));
      try {
        return { accountCreated: await gateway.accountCreated(), concurrency, budgetPerSecond };
      } catch (error) {
        // A key allowed to read customers but not the account: slices then start at the floor.
        const failure = classifyStripeError(error);
        if (failure.status === 403 && failure.code !== 'account_invalid') return { accountCreated: null, concurrency, budgetPerSecond };
        throw toActivityFailure(error);
      }
    },
  };
}
