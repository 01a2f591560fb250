import type Stripe from 'stripe';
import type { StripeObjectType } from '../domain/sync-slices';

/** One page of a `created` range, newest first. */
export interface CreatedRangePage {
  /** unix seconds, [gte, lt) */
  gte: number;
  lt: number;
  /** continue after this object (Stripe's `starting_after`) */
  startingAfter: string | null;
}

export interface ListedPage<T> {
  /** what the mirror keeps (deleted customers dropped) */
  objects: T[];
  hasMore: boolean;
  /** the page's last object, the next cursor, even when it was dropped */
  last: { id: string; created: number } | null;
}

export interface ListedObjects {
  customers: Stripe.Customer;
  subscriptions: Stripe.Subscription;
  charges: Stripe.Charge;
}

/** What `retrieve` returns per kind: a deleted customer comes back as Stripe's deleted stub. */
export interface RetrievedObjects {
  customer: Stripe.Customer | Stripe.DeletedCustomer;
  subscription: Stripe.Subscription;
  charge: Stripe.Charge;
}

/** The Stripe calls the sync and live events make, for one connection; rate-budgeted and retried underneath. */
export interface StripeGateway {
  listPage<T extends StripeObjectType>(type: T, page: CreatedRangePage): Promise<ListedPage<ListedObjects[T]>>;
  /** A page of one customer's subscriptions (every status) or charges, newest first. */
  listForCustomer<T extends 'subscriptions' | 'charges'>(type: T, customerId: string, startingAfter: string | null): Promise<ListedPage<ListedObjects[T]>>;
  /** The object as it is now, in the pinned API version (an event's payload may be older, or in another version). */
  retrieve<K extends keyof RetrievedObjects>(kind: K, id: string): Promise<RetrievedObjects[K]>;
  /** A page of the account's events of these types created at or after `createdGte`, newest first. */
  listEvents(page: { createdGte: number; types: readonly string[]; startingAfter: string | null }): Promise<{ events: Stripe.Event[]; hasMore: boolean }>;
  /** When the account was created (unix seconds), or null when Stripe does not say. */
  accountCreated(): Promise<number | null>;
  /**
   * How many objects of a type were created before `lt` (unix seconds), by Stripe's search with
   * `total_count`: one request, for progress estimates only (search lags writes by up to a minute).
   */
  countCreatedBefore(type: StripeObjectType, lt: number): Promise<number | null>;
}

export const PAGE_SIZE = 100;

const isDeleted = (object: { deleted?: unknown }) => object.deleted === true;

export function createStripeGateway(stripe: Stripe): StripeGateway {
  const list = {
    customers: (params: Stripe.CustomerListParams) => stripe.customers.list(params),
    // Without `status=all` Stripe leaves canceled subscriptions out.
    subscriptions: (params: Stripe.SubscriptionListParams) => stripe.subscriptions.list({ ...params, status: 'all' }),
    charges: (params: Stripe.ChargeListParams) => stripe.charges.list(params),
  };
  const listed = async <T extends StripeObjectType>(type: T, params: object): Promise<ListedPage<ListedObjects[T]>> => {
    const page = await list[type](params);
    const data = page.data as unknown as (ListedObjects[T] & { deleted?: unknown })[];
    const last = data[data.length - 1];
    return {
      objects: data.filter((o) => !isDeleted(o)),
      hasMore: page.has_more,
      last: last ? { id: last.id, created: last.created } : null,
    };
  };
  const after = (startingAfter: string | null) => (startingAfter ? { starting_after: startingAfter } : {});
  return {
    listPage: (type, { gte, lt, startingAfter }) => listed(type, { limit: PAGE_SIZE, created: { gte, lt }, ...after(startingAfter) }),
    listForCustomer: (type, customerId, startingAfter) => listed(type, { limit: PAGE_SIZE, customer: customerId, ...after(startingAfter) }),
    async retrieve(kind, id) {
      const retrieve = {
        customer: () => stripe.customers.retrieve(id),
        subscription: () => stripe.subscriptions.retrieve(id),
        charge: () => stripe.charges.retrieve(id),
      };
      return (await retrieve[kind]()) as unknown as RetrievedObjects[typeof kind];
    },
    async listEvents({ createdGte, types, startingAfter }) {
      const page = await stripe.events.list({
        limit: PAGE_SIZE, created: { gte: createdGte }, types: [...types], ...(startingAfter ? { starting_after: startingAfter } : {}),
      });
      return { events: page.data, hasMore: page.has_more };
    },
    async accountCreated() {
      const account = await stripe.accounts.retrieveCurrent();
      return typeof account.created === 'number' ? account.created : null;
    },
    async countCreatedBefore(type, lt) {
      const params = { query: `created<${lt}`, limit: 1, expand: ['total_count'] };
      const search = {
        customers: () => stripe.customers.search(params),
        subscriptions: () => stripe.subscriptions.search(params),
        charges: () => stripe.charges.search(params),
      };
      const { total_count: total } = await search[type]();
      return typeof total === 'number' ? total : null;
    },
  };
}
