import type { AutomationEvent } from '../domain/automation';
import { openRun, type AutomationStepInput } from './automation-runs';
import { toAutomationEvent } from './automation-trigger';
import type { AutomationActivityDeps } from './deps';

export interface BeginAutomationWaitInput extends AutomationStepInput {
  eventName: string;
  /** shown on the run while it waits ("Stripe Charge Succeeded, up to 3 days") */
  describe: string;
}

export interface BeginAutomationWaitOutput {
  waitId: string;
  /** the event was recorded already, since the trigger: no need to wait */
  matched: AutomationEvent | null;
  disabled: boolean;
}

export const automationWaitId = (runId: string, step: number) => `${runId}:${step}`;

export function createAutomationWaitActivities({ automations: deps }: { automations: AutomationActivityDeps }) {
  return {
    /**
     * Registers the wait and looks for the event since the trigger happened, in one transaction
     * under the project lock that recording events takes: an event recorded just before the wait
     * began is found here, one recorded after it finds the wait and signals the run.
     */
    async beginAutomationWait(input: BeginAutomationWaitInput): Promise<BeginAutomationWaitOutput> {
      const { run, enabled } = await openRun(deps, input.runId);
      const waitId = automationWaitId(run.id, input.step);
      if (!enabled) return { waitId, matched: null, disabled: true };
      const found = await deps.waitWrites.run(async (stores) => {
        await stores.identity.lockProject(run.projectId);
        const earlier = await stores.events.firstSince(run.profileId, input.eventName, run.triggeredAt, run.profileEventId);
        if (!earlier) {
          await stores.waits.register({
            id: waitId, runId: run.id, projectId: run.projectId, profileId: run.profileId, eventName: input.eventName, since: run.triggeredAt,
            workflowId: run.workflowId,
          });
        }
        return earlier;
      });
      if (found) {
        await deps.runs.recordStep(run.id, input.step, { kind: 'wait for event', status: 'matched', detail: `${input.eventName} had already happened` });
        return { waitId, matched: toAutomationEvent(found), disabled: false };
      }
      await deps.runs.recordStep(run.id, input.step, { kind: 'wait for event', status: 'running', detail: `waiting for ${input.describe}` });
      await deps.runs.setCurrent(run.id, 'waiting', `waiting for ${input.describe}`);
      return { waitId, matched: null, disabled: false };
    },

    /** Ends a wait: with the event that arrived, or none (timed out, or the run was canceled). */
    async endAutomationWait(input: AutomationStepInput & { waitId: string; eventName: string; profileEventId: string | null; canceled?: boolean }): Promise<AutomationEvent | null> {
      const { run } = await openRun(deps, input.runId);
      await deps.waits.remove(input.waitId);
      const event = input.profileEventId ? await deps.profileEvents.get(run.projectId, input.profileEventId) : undefined;
      const [status, detail] = input.canceled
        ? ['canceled', `stopped waiting for ${input.eventName}`] as const
        : event ? ['matched', `${input.eventName} at ${event.occurredAt.toISOString()}`] as const
          : ['timed out', `no ${input.eventName} in time`] as const;
      await deps.runs.recordStep(run.id, input.step, { kind: 'wait for event', status, detail });
      if (!input.canceled) await deps.runs.setCurrent(run.id, 'running', 'running');
      return event ? toAutomationEvent(event) : null;
    },
  };
}
