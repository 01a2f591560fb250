import type { Knex } from 'knex';
import { emailIdentity } from '../domain/email';
import {
  ACTIVE_SUBSCRIPTION_STATUSES, profileStripeTraits, traitSource, type LinkedCustomer, type TraitSourceCustomer,
} from '../domain/traits';
import type { StripeTraitsUpdate } from './profile-store';

/**
 * Reads what a profile's `stripe.*` traits come from (its linked customers, across every connection
 * of the project, and whether each has an active subscription) and computes them. Writes nothing:
 * the profile store writes the result.
 */
export interface StripeTraitsReadModel {
  traitsOf(profileIds: string[]): Promise<StripeTraitsUpdate[]>;
}

interface LinkedRow { profile_id: string; data: TraitSourceCustomer; active: boolean }

export function createStripeTraitsReadModel(db: Knex): StripeTraitsReadModel {
  async function linkedCustomers(ids: string[]): Promise<Map<string, LinkedCustomer[]>> {
    const { rows } = await db.raw<{ rows: LinkedRow[] }>(
      // From each profile id to its links, and each link to its customer, through their indexes:
      // a join left to the planner read every link or customer of the connection when, mid-sync,
      // statistics still described nearly empty tables. (OFFSET 0 and LIMIT 1 keep the lookups
      // from being flattened back into such a join, or an EXISTS into one hashed scan of every
      // subscription.)
      `SELECT l.profile_id, c.data,
              (SELECT 1 FROM stripe_subscriptions s
                WHERE s.connection_id = l.connection_id AND s.customer_id = l.stripe_customer_id
                  AND s.status = ANY(?) LIMIT 1) IS NOT NULL AS active
         FROM unnest(?::text[]) AS p(id)
         CROSS JOIN LATERAL (SELECT * FROM stripe_customer_links WHERE profile_id = p.id OFFSET 0) l
         CROSS JOIN LATERAL (SELECT c.data FROM stripe_customers c
                              WHERE c.connection_id = l.connection_id AND c.id = l.stripe_customer_id AND NOT c.deleted
                              LIMIT 1) c`,
      [[...ACTIVE_SUBSCRIPTION_STATUSES], ids],
    );
    const linked = new Map<string, LinkedCustomer[]>(ids.map((id) => [id, []]));
    for (const r of rows) linked.get(r.profile_id)!.push({ customer: r.data, hasActiveSubscription: r.active });
    return linked;
  }

  return {
    async traitsOf(profileIds) {
      const ids = [...new Set(profileIds)];
      if (ids.length === 0) return [];
      return [...(await linkedCustomers(ids))].map(([id, customers]) => {
        const email = emailIdentity(traitSource(customers)?.email);
        return { id, stripe: profileStripeTraits(customers), email: email?.email ?? null, emailKey: email?.emailKey ?? null };
      });
    },
  };
}
