import type { Knex } from 'knex';
import { createAutomationWaitStore, type AutomationWaitStore } from './automation-wait-store';
import { createProfileEventStore, type ProfileEventStore } from './profile-event-store';
import { createProfileIdentityStore, type ProfileIdentityStore } from './profile-identity-store';

/**
 * A wait's registration and its look for the event it waits for, in one transaction under the
 * project lock that recording an event also takes: either the recorder sees the wait, or the wait
 * sees the event. Nothing falls between.
 */
export interface AutomationWaitWriteStores {
  identity: Pick<ProfileIdentityStore, 'lockProject'>;
  waits: AutomationWaitStore;
  events: Pick<ProfileEventStore, 'firstSince'>;
}

export const createAutomationWaitWriteStores = (db: Knex): AutomationWaitWriteStores => ({
  identity: createProfileIdentityStore(db),
  waits: createAutomationWaitStore(db),
  events: createProfileEventStore(db),
});
