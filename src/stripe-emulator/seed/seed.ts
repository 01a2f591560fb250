import { DAY } from '../clock';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';
import { seedContext } from './context';
import { SeededRandom } from './random';
import { seedCatalog } from './seed-catalog';
import { seedCharges } from './seed-charges';
import { seedCustomers } from './seed-customers';
import { seedSubscriptions } from './seed-subscriptions';

export interface SeedOptions {
  seed: number;
  customers: number;
  /** Mean number per customer (Poisson), 1 by default. */
  subscriptionsPerCustomer?: number;
  /** Mean number per customer (Poisson), 2 by default. */
  chargesPerCustomer?: number;
  yearsOfHistory?: number;
}

export interface SeedCounts {
  customers: number;
  deletedCustomers: number;
  subscriptions: number;
  charges: number;
  guestCharges: number;
  refunds: number;
  products: number;
  prices: number;
}

/** The seed a fresh account connected through OAuth gets when no account was chosen. */
export const DEFAULT_OAUTH_SEED: SeedOptions = { seed: 1, customers: 25 };

/**
 * Fills an account with history: the same options give the same contents (ids differ). No
 * events are emitted: seeded objects are the past. Objects are built as compact records and
 * sorted once, so 2,000 customers take milliseconds and 100,000 a few seconds.
 */
export function seedAccount(state: EmulatorState, account: AccountState, options: SeedOptions): SeedCounts {
  const ctx = seedContext(new SeededRandom(options.seed), state, account, options.yearsOfHistory ?? 4);
  // On Stripe an account is older than anything in it: clients plan backfills from its `created`.
  account.profile.created = Math.min(account.profile.created, ctx.historyStart - DAY);
  const catalog = seedCatalog(ctx);
  const seeded = seedCustomers(ctx, options.customers);
  const subscriptions = seedSubscriptions(ctx, seeded, catalog, options.subscriptionsPerCustomer ?? 1);
  const charges = seedCharges(ctx, seeded.customers, options.chargesPerCustomer ?? 2);

  account.products.addMany(catalog.products);
  account.prices.addMany(catalog.prices);
  account.customers.addMany(seeded.customers, (c) => !c.deleted);
  account.subscriptions.addMany(subscriptions);
  account.charges.addMany(charges.charges);
  account.refunds.addMany(charges.refunds);
  state.changed();
  return {
    customers: seeded.customers.length,
    deletedCustomers: seeded.deletedAt.size,
    subscriptions: subscriptions.length,
    charges: charges.charges.length,
    guestCharges: charges.guestCharges,
    refunds: charges.refunds.length,
    products: catalog.products.length,
    prices: catalog.prices.length,
  };
}
