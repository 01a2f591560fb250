/**
 * The naive baseline: what the project's page writes cost without its sync engine. Stripe's SDK
 * auto-paginates each list in turn (customers, subscriptions, charges; 100 a page, one request
 * at a time), and every 100 objects go through the same page transaction the sync commits
 * (project lock, mirror upserts, identity and traits), without slices, checkpoints or Temporal.
 */
import Stripe from 'stripe';
import { applyPage } from '../../src/activities/apply-page';
import { createDb } from '../../src/db/knex';
import { createSyncWriteStores } from '../../src/db/sync-write-stores';
import { transactional } from '../../src/db/transaction';
import { STRIPE_OBJECT_TYPES, type StripeObjectType } from '../../src/domain/sync-slices';
import { fetchedVersion } from '../../src/domain/versions';
import { STRIPE_API_VERSION, stripeHostOptions } from '../../src/stripe/client';
import { PAGE_SIZE } from '../../src/stripe/gateway';
import { runAsPeer } from './peer-child';

runAsPeer((task) => {
  const db = createDb(task.databaseUrl, { max: 2 });
  const writes = transactional(db, createSyncWriteStores);
  const stripe = new Stripe(task.secretKey, { apiVersion: STRIPE_API_VERSION, ...stripeHostOptions(task.emulatorUrl), maxNetworkRetries: 5, telemetry: false });
  const scope = { projectId: task.projectId!, connectionId: task.connectionId! };
  const lists: Record<StripeObjectType, () => AsyncIterable<{ id: string; deleted?: unknown }>> = {
    customers: () => stripe.customers.list({ limit: PAGE_SIZE }),
    subscriptions: () => stripe.subscriptions.list({ limit: PAGE_SIZE, status: 'all' }),
    charges: () => stripe.charges.list({ limit: PAGE_SIZE }),
  };
  const commit = (type: StripeObjectType, objects: unknown[], version: number) =>
    writes.run(async (stores) => {
      await stores.identity.lockProject(scope.projectId);
      return applyPage(type, stores, { scope, version, syncRunId: 'naive-baseline' }, objects);
    });

  return Promise.resolve(async () => {
    const synced: Record<string, number> = {};
    for (const type of STRIPE_OBJECT_TYPES) {
      synced[type] = 0;
      let batch: unknown[] = [];
      let version = fetchedVersion(Date.now());
      for await (const object of lists[type]()) {
        if (object.deleted !== true) batch.push(object);
        if (batch.length === PAGE_SIZE) {
          synced[type] += await commit(type, batch, version);
          batch = [];
          version = fetchedVersion(Date.now());
        }
      }
      if (batch.length) synced[type] += await commit(type, batch, version);
    }
    return { synced };
  });
});
