import { ApplicationFailure } from '@temporalio/activity';
import {
  defaultParams, FINISHED_RUN_STATUSES, type AutomationEvent, type AutomationProfile, type AutomationRun, type AutomationRunStatus, type AutomationSetting,
  type AutomationSpec, type AutomationStepStatus, type ParamValues,
} from '../domain/automation';
import type { Metrics } from '../metrics/metrics';
import { toAutomationEvent } from './automation-trigger';
import type { AutomationActivityDeps } from './deps';

/** What a run starts with: the trigger, the profile and the project's params, read once. */
export interface AutomationRunBegun {
  automationId: string;
  version: number;
  testMode: boolean;
  /** off: the run ends at once, canceled */
  enabled: boolean;
  /** set when the ledger says the run ended already (a reset replayed it): nothing is done twice */
  finished?: AutomationRunStatus;
  event: AutomationEvent;
  profile: AutomationProfile;
  params: ParamValues;
}

export interface AutomationStepInput {
  runId: string;
  step: number;
}

export interface RecordAutomationStepInput extends AutomationStepInput {
  kind: string;
  status: AutomationStepStatus;
  detail: string;
  /** what the run shows as doing now, if this step changes it */
  current?: { status: 'running' | 'waiting'; text: string };
}

/**
 * The project's params for this version: stored values for the params it declares, its defaults
 * for the rest (a param a newer version added is not in settings saved before it).
 */
function paramsForRun(spec: AutomationSpec, stored: ParamValues): ParamValues {
  const params = defaultParams(spec.params);
  for (const name of Object.keys(params)) if (stored[name] !== undefined) params[name] = stored[name];
  return params;
}

/** A run, its automation's code version and the project's switch for it. */
export async function openRun(
  deps: AutomationActivityDeps, runId: string,
): Promise<{ run: AutomationRun; spec: AutomationSpec; setting: AutomationSetting | undefined; enabled: boolean }> {
  const run = await deps.runs.get(runId);
  const spec = deps.catalog.version(run.automationId, run.version);
  if (!spec) throw ApplicationFailure.nonRetryable(`${run.automationId} version ${run.version} is not in this worker's build`, 'UnknownAutomationVersion');
  const setting = await deps.settings.find(run.projectId, run.automationId);
  return { run, spec, setting, enabled: !!setting?.enabled };
}

export function createAutomationRunActivities({ automations: deps, metrics }: { automations: AutomationActivityDeps; metrics: Pick<Metrics, 'automationRun'> }) {
  return {
    async beginAutomationRun({ runId }: { runId: string }): Promise<AutomationRunBegun> {
      const { spec, setting, enabled } = await openRun(deps, runId);
      const run = await deps.runs.begin(runId);
      const [event, profile] = await Promise.all([
        deps.profileEvents.get(run.projectId, run.profileEventId),
        deps.profiles.get(run.projectId, run.profileId),
      ]);
      if (!event) throw ApplicationFailure.nonRetryable(`the triggering event ${run.profileEventId} is gone`, 'TriggerGone');
      return {
        automationId: spec.id,
        version: spec.version,
        testMode: run.testMode,
        enabled,
        ...(FINISHED_RUN_STATUSES.includes(run.status) ? { finished: run.status } : {}),
        event: toAutomationEvent(event),
        profile: { id: profile.id, email: profile.email, traits: profile.traits },
        params: paramsForRun(spec, setting?.params ?? {}),
      };
    },

    async recordAutomationStep(input: RecordAutomationStepInput): Promise<void> {
      await deps.runs.recordStep(input.runId, input.step, { kind: input.kind, status: input.status, detail: input.detail });
      if (input.current) await deps.runs.setCurrent(input.runId, input.current.status, input.current.text);
    },

    async setAutomationTrait(input: AutomationStepInput & { key: string; value: string | number | boolean | null }): Promise<{ disabled: boolean }> {
      const { run, enabled } = await openRun(deps, input.runId);
      if (!enabled) return { disabled: true };
      await deps.profiles.update(run.projectId, run.profileId, { traits: { [input.key]: input.value } });
      const detail = input.value === null ? `removed trait ${input.key}` : `set trait ${input.key} = ${JSON.stringify(input.value)}`;
      await deps.runs.recordStep(input.runId, input.step, { kind: 'trait', status: 'done', detail });
      return { disabled: false };
    },

    async finishAutomationRun(input: { runId: string; status: 'completed' | 'canceled' | 'failed'; result: string }): Promise<void> {
      await deps.runs.finish(input.runId, input.status, input.result);
      metrics.automationRun(input.status);
    },
  };
}
