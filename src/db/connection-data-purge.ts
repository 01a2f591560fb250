import type { Knex } from 'knex';
import { createProfileIdentityStore } from './profile-identity-store';
import { createProfileObjectsStore, type ConnectionScope } from './profile-objects-store';
import { profileOwnedRows } from './profile-owned-rows';
import { createProfileStore } from './profile-store';
import { createStripeObjectStore, type MirrorCounts } from './stripe-object-store';

/** What a purge removed. */
export interface PurgedStripeData extends MirrorCounts {
  /** links from the connection's customers to profiles */
  links: number;
  /** profiles that kept other data and only lost the connection's `stripe.*` traits, subscriptions and charges */
  profilesKept: number;
  /** profiles only the Stripe sync had written, removed with their timelines */
  profilesRemoved: number;
}

export interface ConnectionDataPurge {
  /**
   * Removes what the connection brought in: its links, the `stripe.*` traits they gave (recomputed
   * from the project's other connections), its mirror of customers, subscriptions and charges, and
   * the profiles only Stripe wrote that nothing else keeps (another connection's link, or a row of
   * any profile-owned store, e.g. a timeline entry from the product's API). The timelines of the
   * profiles that stay keep their Stripe entries.
   */
  purge(scope: ConnectionScope): Promise<PurgedStripeData>;
}

/** Runs in one transaction (the caller's), under the project's identity lock. */
export function createConnectionDataPurge(db: Knex): ConnectionDataPurge {
  const identity = createProfileIdentityStore(db);
  const objects = createProfileObjectsStore(db);
  const mirror = createStripeObjectStore(db);
  const profiles = createProfileStore(db);

  async function keptAmong(profileIds: string[]): Promise<Set<string>> {
    const kept = new Set(await identity.linkedAmong(profileIds));
    for (const store of profileOwnedRows(db)) for (const id of await store.profilesKeptBy(profileIds)) kept.add(id);
    return kept;
  }

  return {
    async purge(scope) {
      await identity.lockProject(scope.projectId);
      const attached = await objects.profilesOfConnection(scope.connectionId);
      const { links, profileIds: linked } = await identity.unlinkConnection(scope);
      const counts = await mirror.deleteConnection(scope.connectionId);
      const touched = [...new Set([...linked, ...attached])];
      const kept = await keptAmong(touched);
      const removed = await profiles.removeStripeOnly(scope.projectId, touched.filter((id) => !kept.has(id)));
      return { ...counts, links, profilesKept: touched.length - removed.length, profilesRemoved: removed.length };
    },
  };
}
