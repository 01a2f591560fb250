import type { DriftCounts } from '../domain/drift';
import { fetchedVersion } from '../domain/versions';
import type { ListedPage, StripeGateway, ListedObjects } from '../stripe/gateway';
import type { ActivityDeps } from './deps';
import { repairFromStripe, retrieveEach, type StripeAnswer } from './drift-repair';
import { callingStripe, toActivityFailure } from './stripe-failures';

export interface ResyncStripeCustomerInput {
  connectionId: string;
  /** the Stripe customer, `cus_…` */
  customerId: string;
}

type CustomerObjects = 'subscriptions' | 'charges';

/** Every page of one customer's subscriptions or charges. */
async function allOf<T extends CustomerObjects>(gateway: StripeGateway, type: T, customerId: string): Promise<ListedObjects[T][]> {
  const all: ListedObjects[T][] = [];
  let startingAfter: string | null = null;
  for (;;) {
    const page: ListedPage<ListedObjects[T]> = await gateway.listForCustomer(type, customerId, startingAfter);
    all.push(...page.objects);
    if (!page.hasMore || !page.last) return all;
    startingAfter = page.last.id;
  }
}

export function createCustomerResyncActivities({ connections, gateways, syncWrites }: ActivityDeps) {
  return {
    /**
     * "Resync this customer": refetches one Stripe customer with all its subscriptions and charges
     * and makes the mirror (and what it means for profiles) agree, touching nothing else: objects
     * missing or changed are written, stored ones Stripe no longer has are removed. Returns what
     * differed, per kind.
     */
    async resyncStripeCustomer({ connectionId, customerId }: ResyncStripeCustomerInput): Promise<DriftCounts> {
      const connection = await connections.get(connectionId);
      const scope = { projectId: connection.projectId, connectionId };
      const gateway = await callingStripe(() => gateways.forConnection(connection));
      const askedAt = Date.now();
      const fetch = async <T extends CustomerObjects>(type: T, stored: string[]): Promise<StripeAnswer<T>> => {
        const objects = await allOf(gateway, type, customerId).catch((error: unknown) => { throw toActivityFailure(error); });
        const listed = new Set(objects.map((o) => o.id));
        // stored but not listed for the customer: Stripe is asked about each
        const unlisted = await retrieveEach(gateway, type, stored.filter((id) => !listed.has(id)));
        return { objects: [...objects, ...unlisted.objects], gone: unlisted.gone };
      };
      const [storedSubscriptions, storedCharges] = await syncWrites.run(({ mirror }) => Promise.all([
        mirror.idsOfCustomer(connectionId, 'subscriptions', customerId), mirror.idsOfCustomer(connectionId, 'charges', customerId),
      ]));
      const customer = await retrieveEach(gateway, 'customers', [customerId]);
      const subscriptions = await fetch('subscriptions', storedSubscriptions);
      const charges = await fetch('charges', storedCharges);
      const version = fetchedVersion(askedAt);
      return syncWrites.run(async (stores) => {
        await stores.identity.lockProject(scope.projectId);
        return {
          customers: await repairFromStripe('customers', stores, scope, customer, version),
          subscriptions: await repairFromStripe('subscriptions', stores, scope, subscriptions, version),
          charges: await repairFromStripe('charges', stores, scope, charges, version),
        };
      });
    },
  };
}
