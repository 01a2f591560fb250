import type { Knex } from 'knex';
import { emailIdentity } from '../domain/email';
import {
  ACTIVE_SUBSCRIPTION_STATUSES, profileStripeTraits, traitSource, type LinkedCustomer, type TraitSourceCustomer,
} from '../domain/traits';

export interface StripeTraitsStore {
  /**
   * Rewrites the `stripe.*` traits of these profiles from their links (every connection of the
   * project); other traits are kept, and a profile whose traits would not change is not written.
   */
  recompute(profileIds: Iterable<string>): Promise<void>;
}

interface LinkedRow { profile_id: string; data: TraitSourceCustomer; active: boolean }

export function createStripeTraitsStore(db: Knex): StripeTraitsStore {
  async function linkedCustomers(ids: string[]): Promise<Map<string, LinkedCustomer[]>> {
    const { rows } = await db.raw<{ rows: LinkedRow[] }>(
      `SELECT l.profile_id, c.data,
              EXISTS (SELECT 1 FROM stripe_subscriptions s
                       WHERE s.connection_id = l.connection_id AND s.customer_id = l.stripe_customer_id
                         AND s.status = ANY(?)) AS active
         FROM stripe_customer_links l
         JOIN stripe_customers c ON c.connection_id = l.connection_id AND c.id = l.stripe_customer_id AND NOT c.deleted
        WHERE l.profile_id = ANY(?)`,
      [[...ACTIVE_SUBSCRIPTION_STATUSES], ids],
    );
    const linked = new Map<string, LinkedCustomer[]>(ids.map((id) => [id, []]));
    for (const r of rows) linked.get(r.profile_id)!.push({ customer: r.data, hasActiveSubscription: r.active });
    return linked;
  }

  return {
    async recompute(profileIds) {
      const ids = [...new Set(profileIds)];
      if (ids.length === 0) return;
      const updates = [...(await linkedCustomers(ids))].map(([id, customers]) => {
        const email = emailIdentity(traitSource(customers)?.email);
        return { id, stripe: profileStripeTraits(customers), email: email?.email ?? null, email_key: email?.emailKey ?? null };
      });
      // The display email follows the customer the traits come from, only when it is the same
      // address (same key): a profile's identity never changes here.
      await db.raw(
        `WITH v AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS v(id text, stripe jsonb, email text, email_key text)),
         next AS (
           SELECT p.id,
                  (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                     FROM jsonb_each(p.traits) e WHERE e.key NOT LIKE 'stripe.%') || v.stripe AS traits,
                  CASE WHEN v.email_key = p.email_key THEN v.email ELSE p.email END AS email
             FROM profiles p JOIN v ON v.id = p.id)
         UPDATE profiles p SET traits = next.traits, email = next.email, updated_at = now()
           FROM next
          WHERE p.id = next.id AND (p.traits IS DISTINCT FROM next.traits OR p.email IS DISTINCT FROM next.email)`,
        [JSON.stringify(updates)],
      );
    },
  };
}
