import type { Knex } from 'knex';
import { emailIdentity, type NormalizedEmail } from '../domain/email';
import { loadProfileIndex, type ProfileIndex, type ProfileKeys } from './profile-index';
import { createProfileObjectsStore, type ConnectionScope } from './profile-objects-store';
import { createStripeTraitsStore } from './stripe-traits-store';

const PROFILES = 'profiles';
const LINKS = 'stripe_customer_links';

/** The profile a customer without email gets: keyed by its Stripe customer id. */
export const customerExternalKey = (stripeCustomerId: string) => `stripe_customer:${stripeCustomerId}`;

/**
 * Tables whose rows belong to a profile: a merge moves them to the surviving profile. Later features
 * (e.g. automation runs) add theirs here.
 */
export const PROFILE_OWNED_TABLES: readonly string[] = ['profile_events', 'stripe_subscriptions', 'stripe_charges'];

export type { ConnectionScope };

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
}

/**
 * Binds to a transaction (the page's): the linking rules of issue 5 §8. Identity is per project:
 * the same email in a live and a test connection is one profile.
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

  const objects = createProfileObjectsStore(db);
  const traits = createStripeTraitsStore(db);

  return {
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

      await objects.relinkCustomerObjects(connectionId, customerIds);
      await objects.attachGuestChargesByEmail(scope, emailKeys);
      await traits.recompute(touched);
    },

    async refreshCustomers(scope, customerIds) {
      if (customerIds.length === 0) return;
      await objects.relinkCustomerObjects(scope.connectionId, customerIds);
      const profileIds: string[] = await db(LINKS)
        .where({ connection_id: scope.connectionId }).whereIn('stripe_customer_id', customerIds).distinct().pluck('profile_id');
      await traits.recompute(profileIds);
    },

  };
}
