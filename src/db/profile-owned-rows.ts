import type { Knex } from 'knex';
import { createAutomationRunStore } from './automation-run-store';
import { createAutomationWaitStore } from './automation-wait-store';
import { createEmailOutboxStore } from './email-outbox-store';
import { createProfileEventStore } from './profile-event-store';
import { createProfileObjectsStore } from './profile-objects-store';
import { createUnsubscriptionStore } from './unsubscription-store';

/**
 * What every store owning rows of a profile does for the identity rules: when two profiles merge,
 * it moves its rows to the one that stays; when a connection's Stripe data is purged, it names the
 * profiles its rows keep (rows that are not the purged Stripe data), so they are not removed.
 */
export interface ProfileOwnedRows {
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  /** Of these profiles, those holding rows of this store that a purge of Stripe data leaves. */
  profilesKeptBy(profileIds: string[]): Promise<string[]>;
}

/**
 * The stores of profile-owned rows, bound to one transaction: merges and purges go through this
 * list, so a new profile-owned store joins both by being added here.
 */
export const profileOwnedRows = (db: Knex): ProfileOwnedRows[] => [
  createProfileObjectsStore(db),
  createProfileEventStore(db),
  createAutomationRunStore(db),
  createAutomationWaitStore(db),
  createEmailOutboxStore(db),
  createUnsubscriptionStore(db),
];
