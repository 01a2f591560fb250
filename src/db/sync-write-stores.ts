import type { Knex } from 'knex';
import { createProfileIdentityStore, type ProfileIdentityStore } from './profile-identity-store';
import { createProfileObjectsStore, type ProfileObjectsStore } from './profile-objects-store';
import { createStripeObjectStore, type StripeObjectStore } from './stripe-object-store';
import { createSyncCheckpointStore, type SyncCheckpointStore } from './sync-checkpoint-store';
import { createSyncRunStore, type SyncRunStore } from './sync-run-store';

/**
 * What one page of a sync writes, in one transaction: the mirror rows, what they mean for profiles,
 * the slice's checkpoint and the run's counts. Committing them together is what lets a crashed
 * attempt resume from its checkpoint without losing or doubling a page.
 */
export interface SyncWriteStores {
  identity: ProfileIdentityStore;
  mirror: StripeObjectStore;
  profileObjects: ProfileObjectsStore;
  checkpoints: SyncCheckpointStore;
  syncRuns: Pick<SyncRunStore, 'addCounts' | 'resumesOf'>;
}

export const createSyncWriteStores = (db: Knex): SyncWriteStores => ({
  identity: createProfileIdentityStore(db),
  mirror: createStripeObjectStore(db),
  profileObjects: createProfileObjectsStore(db),
  checkpoints: createSyncCheckpointStore(db),
  syncRuns: createSyncRunStore(db),
});
