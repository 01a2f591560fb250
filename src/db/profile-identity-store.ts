import type { Knex } from 'knex';
import { emailIdentity, type NormalizedEmail } from '../domain/email';
import { loadProfileIndex, type ProfileIndex, type ProfileKeys } from './profile-index';
import {
  ACTIVE_SUBSCRIPTION_STATUSES,
  profileStripeTraits,
  traitSource,
  type LinkedCustomer,
  type TraitSourceCustomer,
} from '../domain/traits';

const PROFILES = 'profiles';
const LINKS = 'stripe_customer_links';

/** The profile a customer without email gets: keyed by its Stripe customer id. */
export const customerExternalKey = (stripeCustomerId: string) => `stripe_customer:${stripeCustomerId}`;

/**
 * Tables whose rows belong to a profile: a merge moves them to the surviving profile. Later features
 * (e.g. automation runs) add theirs here.
 */
export const PROFILE_OWNED_TABLES: readonly string[] = ['profile_events', 'stripe_subscriptions', 'stripe_charges'];

/** Tables of Stripe objects attached to a profile through their customer's link. */
const CUSTOMER_OBJECT_TABLES = ['stripe_subscriptions', 'stripe_charges'] as const;

export interface ConnectionScope {
  projectId: string;
  connectionId: string;
}

const emailColumns = (identity: NormalizedEmail | null) => ({ email: identity?.email ?? null, email_key: identity?.emailKey ?? null });

/** A customer's own no-email profile, which it takes along when it gains an email. */
const isOwnProfile = (keys: ProfileKeys | undefined, customerId: string) =>
  !!keys && keys.email_key === null && keys.external_key === customerExternalKey(customerId);
interface StoredCustomer { id: string; email: string | null; email_key: string | null; deleted: boolean }

export interface ProfileIdentityStore {
  /**
   * Serializes identity work per project until the transaction ends. Take it first in every
   * transaction that writes links, mirror rows that traits read, or `stripe.*` traits: reads then
   * see every earlier writer's commit, so no update is lost between parallel pages.
   */
  lockProject(projectId: string): Promise<void>;
  /**
   * Links customers (as stored in the mirror) to profiles by the identity rules, moves their
   * subscriptions and charges along, and recomputes every profile whose links changed.
   */
  linkCustomers(scope: ConnectionScope, customerIds: string[]): Promise<void>;
  /** Recomputes the profiles of these customers (e.g. after their subscriptions changed). */
  refreshCustomers(scope: ConnectionScope, customerIds: string[]): Promise<void>;
  /** Attaches charges to profiles: through their customer's link, or by email when they have no customer. */
  attachCharges(scope: ConnectionScope, chargeIds: string[] | 'all'): Promise<void>;
  /** Charges of the connection that belong to no profile. */
  countUnmatchedCharges(connectionId: string): Promise<number>;
  /** Rewrites the `stripe.*` traits of these profiles from their links; other traits are kept. */
  recomputeProfiles(profileIds: Iterable<string>): Promise<void>;
}

/**
 * Binds to a transaction (the page's): rules of issue 5 §8. Identity is per project: the same
 * email in a live and a test connection is one profile.
 */
export function createProfileIdentityStore(db: Knex): ProfileIdentityStore {
  /** Moves everything of `source` to `target` and deletes `source`; `target`'s traits win on conflicts. */
  async function mergeProfiles(sourceId: string, targetId: string): Promise<void> {
    await db(LINKS).where({ profile_id: sourceId }).update({ profile_id: targetId });
    for (const table of PROFILE_OWNED_TABLES) await db(table).where({ profile_id: sourceId }).update({ profile_id: targetId });
    await db.raw(
      `UPDATE ${PROFILES} t SET traits = (s.traits || t.traits), updated_at = now() FROM ${PROFILES} s WHERE t.id = ? AND s.id = ?`,
      [targetId, sourceId],
    );
    await db(PROFILES).where({ id: sourceId }).delete();
  }

  /**
   * The profile a stored customer belongs to now; may plan a new one, take over its own no-email
   * profile (gaining an email) or merge that profile into the email's existing one.
   */
  async function resolveProfile(index: ProfileIndex, customer: StoredCustomer, currentId: string | undefined, touched: Set<string>): Promise<string> {
    const identity = emailIdentity(customer.email);
    if (!identity) {
      const key = customerExternalKey(customer.id);
      return index.byExternal(key) ?? index.plan({ external_key: key });
    }
    const existing = index.byEmail(identity.emailKey);
    const own = currentId && isOwnProfile(index.keysOf(currentId), customer.id) ? currentId : undefined;
    if (existing && own && own !== existing) {
      await index.flush(); // the merge target must exist in the database
      const target = index.resolve(existing);
      await mergeProfiles(own, target);
      index.forget(own);
      touched.delete(own);
      return target;
    }
    if (existing) return existing;
    if (own) {
      await db(PROFILES).where({ id: own }).update({ ...emailColumns(identity), external_key: null, updated_at: db.fn.now() });
      index.setEmail(own, identity.emailKey);
      return own;
    }
    return index.plan({ email: identity.email, email_key: identity.emailKey });
  }

  /** Points the customers' subscriptions and charges at the profile their link names (or none). */
  async function relinkCustomerObjects(connectionId: string, customerIds: string[]): Promise<void> {
    for (const table of CUSTOMER_OBJECT_TABLES) {
      await db.raw(
        `UPDATE ${table} o SET profile_id = l.profile_id
           FROM (SELECT o2.id, l2.profile_id FROM ${table} o2
                   LEFT JOIN ${LINKS} l2 ON l2.connection_id = o2.connection_id AND l2.stripe_customer_id = o2.customer_id
                  WHERE o2.connection_id = ? AND o2.customer_id = ANY(?)) l
          WHERE o.connection_id = ? AND o.id = l.id AND o.profile_id IS DISTINCT FROM l.profile_id`,
        [connectionId, customerIds, connectionId],
      );
    }
  }

  /** Unattached charges without a customer whose email now names a profile of the project. */
  async function attachGuestCharges(scope: ConnectionScope, filter: { emailKeys: string[] } | { chargeIds: string[] } | 'all'): Promise<void> {
    const where = filter === 'all' ? '' : 'emailKeys' in filter ? 'AND c.email_key = ANY(?)' : 'AND c.id = ANY(?)';
    const bindings = filter === 'all' ? [] : ['emailKeys' in filter ? filter.emailKeys : filter.chargeIds];
    await db.raw(
      `UPDATE stripe_charges c SET profile_id = p.id FROM ${PROFILES} p
        WHERE c.connection_id = ? AND c.customer_id IS NULL AND c.profile_id IS NULL AND c.email_key IS NOT NULL
          AND p.project_id = ? AND p.email_key = c.email_key ${where}`,
      [scope.connectionId, scope.projectId, ...bindings],
    );
  }

  const store: ProfileIdentityStore = {
    async lockProject(projectId) {
      await db.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [`profiles:${projectId}`]);
    },

    async linkCustomers(scope, customerIds) {
      if (customerIds.length === 0) return;
      const { connectionId } = scope;
      const customers: StoredCustomer[] = await db('stripe_customers')
        .where({ connection_id: connectionId }).whereIn('id', customerIds).orderBy('id')
        .select('id', 'email', 'email_key', 'deleted');
      const links = new Map<string, string>(
        (await db(LINKS).where({ connection_id: connectionId }).whereIn('stripe_customer_id', customerIds)
          .select('stripe_customer_id', 'profile_id')).map((r: { stripe_customer_id: string; profile_id: string }) => [r.stripe_customer_id, r.profile_id]),
      );
      const emailKeys = customers.map((c) => emailIdentity(c.email)?.emailKey).filter((k): k is string => !!k);
      const index = await loadProfileIndex(db, scope.projectId, {
        emailKeys, externalKeys: customers.map((c) => customerExternalKey(c.id)), ids: [...links.values()],
      });
      const touched = new Set<string>(links.values());
      const targets = new Map<string, string>();
      for (const customer of customers.filter((c) => !c.deleted)) {
        targets.set(customer.id, await resolveProfile(index, customer, links.get(customer.id), touched));
      }
      await index.flush();

      const gone = customers.filter((c) => c.deleted && links.has(c.id)).map((c) => c.id);
      if (gone.length) await db(LINKS).where({ connection_id: connectionId }).whereIn('stripe_customer_id', gone).delete();
      const moved = [...targets].map(([customerId, planned]) => ({ customerId, profileId: index.resolve(planned) }))
        .filter(({ customerId, profileId }) => links.get(customerId) !== profileId);
      if (moved.length) {
        await db(LINKS)
          .insert(moved.map((m) => ({ connection_id: connectionId, stripe_customer_id: m.customerId, profile_id: m.profileId })))
          .onConflict(['connection_id', 'stripe_customer_id']).merge(['profile_id', 'linked_at']);
      }
      for (const planned of targets.values()) touched.add(index.resolve(planned));

      await relinkCustomerObjects(connectionId, customerIds);
      if (emailKeys.length) await attachGuestCharges(scope, { emailKeys });
      await store.recomputeProfiles(touched);
    },

    async refreshCustomers(scope, customerIds) {
      if (customerIds.length === 0) return;
      await relinkCustomerObjects(scope.connectionId, customerIds);
      const profileIds: string[] = await db(LINKS)
        .where({ connection_id: scope.connectionId }).whereIn('stripe_customer_id', customerIds).distinct().pluck('profile_id');
      await store.recomputeProfiles(profileIds);
    },

    async attachCharges(scope, chargeIds) {
      if (chargeIds !== 'all' && chargeIds.length === 0) return;
      const only = chargeIds === 'all' ? '' : 'AND c.id = ANY(?)';
      await db.raw(
        `UPDATE stripe_charges c SET profile_id = l.profile_id FROM ${LINKS} l
          WHERE c.connection_id = ? AND l.connection_id = c.connection_id AND l.stripe_customer_id = c.customer_id
            AND c.profile_id IS DISTINCT FROM l.profile_id ${only}`,
        [scope.connectionId, ...(chargeIds === 'all' ? [] : [chargeIds])],
      );
      await attachGuestCharges(scope, chargeIds === 'all' ? 'all' : { chargeIds });
    },

    async countUnmatchedCharges(connectionId) {
      const row = await db('stripe_charges').where({ connection_id: connectionId }).whereNull('profile_id').count<{ n: number }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },

    async recomputeProfiles(profileIds) {
      const ids = [...new Set(profileIds)];
      if (ids.length === 0) return;
      const rows: { profile_id: string; data: TraitSourceCustomer; active: boolean }[] = (await db.raw(
        `SELECT l.profile_id, c.data,
                EXISTS (SELECT 1 FROM stripe_subscriptions s
                         WHERE s.connection_id = l.connection_id AND s.customer_id = l.stripe_customer_id
                           AND s.status = ANY(?)) AS active
           FROM ${LINKS} l
           JOIN stripe_customers c ON c.connection_id = l.connection_id AND c.id = l.stripe_customer_id AND NOT c.deleted
          WHERE l.profile_id = ANY(?)`,
        [[...ACTIVE_SUBSCRIPTION_STATUSES], ids],
      )).rows;
      const linked = new Map<string, LinkedCustomer[]>(ids.map((id) => [id, []]));
      for (const r of rows) linked.get(r.profile_id)!.push({ customer: r.data, hasActiveSubscription: r.active });
      const updates = [...linked].map(([id, customers]) => ({
        id,
        stripe: profileStripeTraits(customers),
        ...emailColumns(emailIdentity(traitSource(customers)?.email)),
      }));
      // Non-Stripe traits stay; every stripe.* key is replaced. The profile's display email follows
      // the customer its traits come from, only when it is the same address (same key).
      await db.raw(
        `WITH v AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS v(id text, stripe jsonb, email text, email_key text)),
         next AS (
           SELECT p.id,
                  (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                     FROM jsonb_each(p.traits) e WHERE e.key NOT LIKE 'stripe.%') || v.stripe AS traits,
                  CASE WHEN v.email_key = p.email_key THEN v.email ELSE p.email END AS email
             FROM ${PROFILES} p JOIN v ON v.id = p.id)
         UPDATE ${PROFILES} p SET traits = next.traits, email = next.email, updated_at = now()
           FROM next
          WHERE p.id = next.id AND (p.traits IS DISTINCT FROM next.traits OR p.email IS DISTINCT FROM next.email)`,
        [JSON.stringify(updates)],
      );
    },
  };
  return store;
}
