import type { Knex } from 'knex';
import { emailIdentity } from '../domain/email';
import { customerExternalKey, type ProfileKeys } from '../domain/profile';
import { loadProfileIndex, type ProfileIndex } from './profile-index';
import { createProfileObjectsStore, type ConnectionScope } from './profile-objects-store';
import { profileOwnedRows } from './profile-owned-rows';
import { createProfileStore } from './profile-store';
import { createStripeTraitsReadModel } from './stripe-traits-read-model';

const LINKS = 'stripe_customer_links';

export type { ProfileOwnedRows } from './profile-owned-rows';
export type { ConnectionScope };

/** A customer's own no-email profile, which it takes along when it gains an email. */
const isOwnProfile = (keys: ProfileKeys | undefined, customerId: string) =>
  !!keys && keys.emailKey === null && keys.externalKey === customerExternalKey(customerId);

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
  /**
   * Removes every link of the connection and recomputes the profiles that had one (their `stripe.*`
   * traits now come from their other connections' customers, or are gone). Returns how many links
   * there were and the profiles they named.
   */
  unlinkConnection(scope: ConnectionScope): Promise<{ links: number; profileIds: string[] }>;
  /** Of these profiles, those a Stripe customer of any connection is linked to. */
  linkedAmong(profileIds: string[]): Promise<string[]>;
}

/**
 * The owner of `stripe_customer_links`, applying the identity rules (`docs/profiles.md`) with the
 * profile store and the stores of profile-owned rows, all bound to one transaction (the page's).
 * Identity is per project: the same email in a live and a test connection is one profile.
 */
export function createProfileIdentityStore(db: Knex): ProfileIdentityStore {
  const profiles = createProfileStore(db);
  const objects = createProfileObjectsStore(db);
  const traits = createStripeTraitsReadModel(db);
  const owned = profileOwnedRows(db);

  /** Moves everything of `source` to `target` and deletes `source`; `target`'s traits win on conflicts. */
  async function mergeProfiles(sourceId: string, targetId: string): Promise<void> {
    await db(LINKS).where({ profile_id: sourceId }).update({ profile_id: targetId });
    for (const store of owned) await store.moveToProfile(sourceId, targetId);
    await profiles.mergeInto(sourceId, targetId);
  }

  const recompute = async (profileIds: Iterable<string>) => profiles.writeStripeTraits(await traits.traitsOf([...profileIds]));

  /**
   * The profile a stored customer belongs to now; may plan a new one, take over its own no-email
   * profile (gaining an email) or merge that profile into the email's existing one.
   */
  async function resolveProfile(index: ProfileIndex, customer: StoredCustomer, currentId: string | undefined, touched: Set<string>): Promise<string> {
    const identity = emailIdentity(customer.email);
    if (!identity) {
      const key = customerExternalKey(customer.id);
      return index.byExternal(key) ?? index.plan({ externalKey: key });
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
      await profiles.takeEmail(own, identity);
      index.setEmail(own, identity.emailKey);
      return own;
    }
    return index.plan({ email: identity.email, emailKey: identity.emailKey });
  }

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
      const index = await loadProfileIndex(profiles, scope.projectId, {
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
      await recompute(touched);
    },

    async refreshCustomers(scope, customerIds) {
      if (customerIds.length === 0) return;
      await objects.relinkCustomerObjects(scope.connectionId, customerIds);
      const profileIds = await db(LINKS)
        .where({ connection_id: scope.connectionId }).whereIn('stripe_customer_id', customerIds).distinct().pluck<string[]>('profile_id');
      await recompute(profileIds);
    },

    async unlinkConnection(scope) {
      const unlinked: { profile_id: string }[] = await db(LINKS).where({ connection_id: scope.connectionId }).delete().returning('profile_id');
      const profileIds = [...new Set(unlinked.map((r) => r.profile_id))];
      await recompute(profileIds);
      return { links: unlinked.length, profileIds };
    },

    async linkedAmong(profileIds) {
      if (profileIds.length === 0) return [];
      return db(LINKS).whereIn('profile_id', profileIds).distinct().pluck<string[]>('profile_id');
    },
  };
}
