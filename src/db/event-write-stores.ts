import type { Knex } from 'knex';
import { createAutomationRunStore, type AutomationRunStore } from './automation-run-store';
import { enabledAutomationSettings, type AutomationSettingStore } from './automation-setting-store';
import { createAutomationWaitStore, type AutomationWaitStore } from './automation-wait-store';
import { createEventInboxStore, type EventInboxStore } from './event-inbox-store';
import { createProfileEventStore, type ProfileEventStore } from './profile-event-store';
import { createProfileOfObjectReadModel, type ProfileOfObjectReadModel } from './profile-of-object-read-model';
import { createProfileStore, type ProfileStore } from './profile-store';
import { createSyncWriteStores, type SyncWriteStores } from './sync-write-stores';

/**
 * What applying one live Stripe event writes, in one transaction: the mirror rows and their effect
 * on profiles (as a sync page writes them), the profile event, and the inbox entry settled. Settling
 * in the same transaction is what makes an event take effect exactly once; the automation runs it
 * triggers are claimed in the ledger in that same transaction, so they too happen once.
 */
export interface EventWriteStores extends Pick<SyncWriteStores, 'identity' | 'mirror' | 'profileObjects'> {
  events: Pick<ProfileEventStore, 'record'>;
  profileOf: ProfileOfObjectReadModel;
  inbox: Pick<EventInboxStore, 'settle'>;
  profiles: Pick<ProfileStore, 'get'>;
  automationSettings: Pick<AutomationSettingStore, 'enabledFor'>;
  automationRuns: Pick<AutomationRunStore, 'claim'>;
  automationWaits: Pick<AutomationWaitStore, 'matching'>;
}

/**
 * Built for one transaction, so the enabled automations are read once for all the events it applies
 * (their settings are not what an event writes).
 */
export const createEventWriteStores = (db: Knex): EventWriteStores => {
  const { identity, mirror, profileObjects } = createSyncWriteStores(db);
  const enabled = new Map<string, ReturnType<typeof enabledAutomationSettings>>();
  return {
    identity, mirror, profileObjects,
    events: createProfileEventStore(db),
    profileOf: createProfileOfObjectReadModel(db),
    inbox: createEventInboxStore(db),
    profiles: createProfileStore(db),
    automationSettings: {
      enabledFor(projectId) {
        if (!enabled.has(projectId)) enabled.set(projectId, enabledAutomationSettings(db, projectId));
        return enabled.get(projectId)!;
      },
    },
    automationRuns: createAutomationRunStore(db),
    automationWaits: createAutomationWaitStore(db),
  };
};
