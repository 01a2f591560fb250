import type { Knex } from 'knex';
import { createEventInboxStore, type EventInboxStore } from './event-inbox-store';
import { createProfileEventStore, type ProfileEventStore } from './profile-event-store';
import { createProfileOfObjectReadModel, type ProfileOfObjectReadModel } from './profile-of-object-read-model';
import { createSyncWriteStores, type SyncWriteStores } from './sync-write-stores';

/**
 * What applying one live Stripe event writes, in one transaction: the mirror rows and their effect
 * on profiles (as a sync page writes them), the profile event, and the inbox entry settled. Settling
 * in the same transaction is what makes an event take effect exactly once.
 */
export interface EventWriteStores extends Pick<SyncWriteStores, 'identity' | 'mirror' | 'profileObjects'> {
  events: Pick<ProfileEventStore, 'record'>;
  profileOf: ProfileOfObjectReadModel;
  inbox: Pick<EventInboxStore, 'settle'>;
}

export const createEventWriteStores = (db: Knex): EventWriteStores => {
  const { identity, mirror, profileObjects } = createSyncWriteStores(db);
  return {
    identity, mirror, profileObjects,
    events: createProfileEventStore(db),
    profileOf: createProfileOfObjectReadModel(db),
    inbox: createEventInboxStore(db),
  };
};
