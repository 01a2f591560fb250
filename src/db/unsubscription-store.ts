import type { Knex } from 'knex';
import { profilesWithRows } from './profiles-with-rows';

const TABLE = 'profile_unsubscriptions';

export interface Unsubscription {
  profileId: string;
  unsubscribedAt: Date;
  /** how: "link" (the email's unsubscribe link) or "api" */
  source: string;
}

/** The one owner of `profile_unsubscriptions`: who opted out of marketing email. */
export interface UnsubscriptionStore {
  /** Records the opt-out once; the first time is kept. */
  unsubscribe(projectId: string, profileId: string, source: string): Promise<Unsubscription>;
  resubscribe(projectId: string, profileId: string): Promise<void>;
  find(projectId: string, profileId: string): Promise<Unsubscription | undefined>;
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  profilesKeptBy(profileIds: string[]): Promise<string[]>;
}

interface Row { profile_id: string; project_id: string; unsubscribed_at: Date; source: string }
const toUnsubscription = (r: Row): Unsubscription => ({ profileId: r.profile_id, unsubscribedAt: r.unsubscribed_at, source: r.source });

export function createUnsubscriptionStore(db: Knex): UnsubscriptionStore {
  const store: UnsubscriptionStore = {
    async unsubscribe(projectId, profileId, source) {
      await db(TABLE).insert({ profile_id: profileId, project_id: projectId, source }).onConflict('profile_id').ignore();
      return (await store.find(projectId, profileId))!;
    },
    async resubscribe(projectId, profileId) {
      await db(TABLE).where({ project_id: projectId, profile_id: profileId }).delete();
    },
    async find(projectId, profileId) {
      const row = await db<Row>(TABLE).where({ project_id: projectId, profile_id: profileId }).first();
      return row ? toUnsubscription(row) : undefined;
    },
    profilesKeptBy: (profileIds) => profilesWithRows(db, TABLE, profileIds),
    async moveToProfile(sourceProfileId, targetProfileId) {
      // an opt-out of either person holds for the merged profile
      const source = await db<Row>(TABLE).where({ profile_id: sourceProfileId }).first();
      if (!source) return;
      await db(TABLE).where({ profile_id: sourceProfileId }).delete();
      await db(TABLE).insert({ ...source, profile_id: targetProfileId }).onConflict('profile_id').ignore();
    },
  };
  return store;
}
