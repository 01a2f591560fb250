import { defaultRateBudget } from '../domain/connection';
import { STRIPE_OBJECT_TYPES, type StripeObjectType } from '../domain/sync-slices';
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

export interface CountStripeObjectsInput {
  connectionId: string;
  /** unix seconds: the sync's cut-off, objects created later are left to live events */
  createdBefore: number;
}

/** Per type, Stripe's count below the cut-off, or null where its search could not tell. */
export type CountStripeObjectsOutput = Record<StripeObjectType, number | null>;

/** Pages in flight per request/second of budget: Stripe answers a list of 100 in roughly half a second. */
const SLICES_PER_REQUEST_PER_SECOND = 0.5;
const MAX_CONCURRENCY = 32;

export function createStripeAccountActivities({ connections, gateways, logger }: ActivityDeps) {
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

    /**
     * What the sync is about to copy, counted by Stripe's search (one request per type), so its
     * progress shows real totals from the start. Estimates only: search is not offered to every
     * account or key, and a type it cannot count (any error) is left to the sync's own estimate,
     * never failing the sync; a revoked key fails the sync's next call instead.
     */
    async countStripeObjects({ connectionId, createdBefore }: CountStripeObjectsInput): Promise<CountStripeObjectsOutput> {
      const connection = await connections.get(connectionId);
      const gateway = await callingStripe(() => gateways.forConnection(connection));
      const counts = await Promise.all(STRIPE_OBJECT_TYPES.map((type) => gateway.countCreatedBefore(type, createdBefore).catch((error: unknown) => {
        logger.warn({ connectionId, type, status: classifyStripeError(error).status }, 'Stripe\'s search could not count; the sync estimates this type itself');
        return null;
      })));
      return Object.fromEntries(STRIPE_OBJECT_TYPES.map((type, i) => [type, counts[i]!])) as CountStripeObjectsOutput;
    },
  };
}
