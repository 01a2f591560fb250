import type { EmulatorProcess } from './emulator-process';
import type { SeededAccount } from './project-sync';

/** The standard world's shape: one subscription and two charges per customer on average. */
export const PER_CUSTOMER = { subscriptionsPerCustomer: 1, chargesPerCustomer: 2 };

interface SeedCounts {
  customers: number;
  deletedCustomers: number;
  subscriptions: number;
  charges: number;
}

/**
 * A seeded account (deterministic for a seed) and what a complete copy of it holds: Stripe lists
 * no deleted customer, and every subscription (`status=all`) and charge.
 */
export async function seedAccount(emulator: EmulatorProcess, opts: { seed: number; customers: number; livemode: boolean }): Promise<SeededAccount> {
  const created = await emulator.control<{ id: string; secretKey: string; seeded: SeedCounts }>('POST', '/_emulator/accounts', {
    livemode: opts.livemode,
    seed: { seed: opts.seed, customers: opts.customers, ...PER_CUSTOMER },
  });
  const { seeded } = created;
  return {
    id: created.id,
    secretKey: created.secretKey,
    livemode: opts.livemode,
    objects: { customers: seeded.customers - seeded.deletedCustomers, subscriptions: seeded.subscriptions, charges: seeded.charges },
  };
}

/** A full secret key of the account, for peers that call more than the restricted key allows. */
export async function fullSecretKey(emulator: EmulatorProcess, account: SeededAccount): Promise<string> {
  return (await emulator.control<{ secretKey: string }>('POST', `/_emulator/accounts/${account.id}/keys`, { type: 'secret' })).secretKey;
}

export const objectCount = (account: SeededAccount) => account.objects.customers + account.objects.subscriptions + account.objects.charges;
