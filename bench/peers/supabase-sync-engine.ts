/**
 * `@supabase/stripe-sync-engine` 0.48.5 copying the account's customers, subscriptions and
 * charges, in that order, as its `syncBackfill` pages them (the SDK's auto-pagination, upserts
 * in chunks of 250). Its client is replaced by one aimed at the emulator; related entities and
 * list expansion are off, and it sends the project's API version.
 */
import { runMigrations, StripeSync } from '@supabase/stripe-sync-engine';
import Stripe from 'stripe';
import { STRIPE_API_VERSION, stripeHostOptions } from '../../src/stripe/client';
import { runAsPeer } from './peer-child';

const OBJECTS = [['customers', 'customer'], ['subscriptions', 'subscription'], ['charges', 'charge']] as const;

runAsPeer(async (task) => {
  await runMigrations({ databaseUrl: task.databaseUrl, schema: 'stripe' });
  const sync = new StripeSync({
    poolConfig: { connectionString: task.databaseUrl, max: 10 },
    stripeSecretKey: task.secretKey,
    stripeWebhookSecret: 'whsec_unused',
    stripeApiVersion: STRIPE_API_VERSION,
    backfillRelatedEntities: false,
    autoExpandLists: false,
  });
  sync.stripe = new Stripe(task.secretKey, {
    apiVersion: STRIPE_API_VERSION, ...stripeHostOptions(task.emulatorUrl), maxNetworkRetries: 5, telemetry: false,
    appInfo: { name: 'Stripe Postgres Sync' },
  });
  return async () => {
    const synced: Record<string, number> = {};
    for (const [type, object] of OBJECTS) {
      const result = await sync.syncBackfill({ object, backfillRelatedEntities: false });
      synced[type] = result[type]?.synced ?? 0;
    }
    return { synced };
  };
});
