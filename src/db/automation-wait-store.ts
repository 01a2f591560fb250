import type { Knex } from 'knex';
import { profilesWithRows } from './profiles-with-rows';

const TABLE = 'automation_waits';

/** A run waiting for an event on its profile. */
export interface AutomationWait {
  /** `<runId>:<step>`: one per wait of a run */
  id: string;
  runId: string;
  projectId: string;
  profileId: string;
  eventName: string;
  /** events from here on count (the trigger's time) */
  since: Date;
  workflowId: string;
}

interface WaitRow { id: string; run_id: string; project_id: string; profile_id: string; event_name: string; since: Date; workflow_id: string }

const toWait = (r: WaitRow): AutomationWait => ({
  id: r.id, runId: r.run_id, projectId: r.project_id, profileId: r.profile_id, eventName: r.event_name, since: r.since, workflowId: r.workflow_id,
});

/** The one owner of `automation_waits`, which lets recording an event find the runs waiting for it. */
export interface AutomationWaitStore {
  register(wait: AutomationWait): Promise<void>;
  remove(id: string): Promise<void>;
  /** The waits this event, just recorded on the profile, satisfies. */
  matching(profileId: string, eventName: string, occurredAt: Date): Promise<AutomationWait[]>;
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  profilesKeptBy(profileIds: string[]): Promise<string[]>;
}

export function createAutomationWaitStore(db: Knex): AutomationWaitStore {
  return {
    async register(w) {
      await db(TABLE).insert({
        id: w.id, run_id: w.runId, project_id: w.projectId, profile_id: w.profileId, event_name: w.eventName, since: w.since, workflow_id: w.workflowId,
      }).onConflict('id').ignore();
    },
    async remove(id) {
      await db(TABLE).where({ id }).delete();
    },
    async matching(profileId, eventName, occurredAt) {
      return (await db<WaitRow>(TABLE).where({ profile_id: profileId, event_name: eventName }).where('since', '<=', occurredAt)).map(toWait);
    },
    profilesKeptBy: (profileIds) => profilesWithRows(db, TABLE, profileIds),
    async moveToProfile(sourceProfileId, targetProfileId) {
      await db(TABLE).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },
  };
}
