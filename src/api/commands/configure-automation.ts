import type { StoredAutomationSetting } from '../../db/automation-setting-store';
import { validateParams, type AutomationSpec, type ParamValues } from '../../domain/automation';
import { notFound } from '../../domain/errors';
import { randomBase62 } from '../../domain/ids';
import type { ApiDeps } from '../deps';

type Deps = Pick<ApiDeps, 'automations' | 'automationSettings' | 'automationRuns' | 'orchestrator' | 'logger'>;

/** What a project may change about one automation; absent fields keep their value. */
export interface AutomationChange {
  enabled?: boolean;
  /** merged over the current params; `null` puts a param back to its default */
  params?: Record<string, unknown>;
  testModeEmails?: boolean;
}

export interface ConfiguredAutomation {
  spec: AutomationSpec;
  /** undefined once the setting is forgotten */
  setting: StoredAutomationSetting | undefined;
  /** the project had no setting for this automation before */
  created: boolean;
  /** the webhook signing secret, when this change issued it: the only time it is shown */
  webhookSecret?: string;
}

/** Prefix of the secrets that sign automations' webhook calls, so a leaked one is recognisable. */
export const WEBHOOK_SECRET_PREFIX = 'engage_whsec_';
const newWebhookSecret = () => `${WEBHOOK_SECRET_PREFIX}${randomBase62(32)}`;

/** The automation with this id in the build, or a 404. */
export function findAutomationSpec(deps: Pick<ApiDeps, 'automations'>, id: string): AutomationSpec {
  const spec = deps.automations.find(id);
  if (!spec) throw notFound(`automation ${id}`);
  return spec;
}

function mergedParams(spec: AutomationSpec, current: ParamValues, patch: Record<string, unknown>): ParamValues {
  const reset = new Set(Object.keys(patch).filter((k) => patch[k] === null && k in spec.params));
  const without = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([k]) => !reset.has(k)));
  return validateParams(spec.params, without(current) as ParamValues, without(patch));
}

/**
 * Tells the automation's unfinished runs it is off. The setting is what counts (each step reads
 * it), so a Temporal hiccup here is logged rather than undoing the switch: a waiting run then
 * ends when its wait does.
 */
async function cancelUnfinishedRuns(deps: Deps, projectId: string, automationId: string): Promise<void> {
  const workflowIds = await deps.automationRuns.unfinished(projectId, automationId);
  if (workflowIds.length === 0) return;
  try {
    await deps.orchestrator.cancelAutomationRuns(workflowIds);
  } catch (err) {
    deps.logger.warn({ err, projectId, automationId, runs: workflowIds.length }, 'could not tell the runs their automation is off');
  }
}

/** Issues the signing secret of an enabled automation that has none yet. */
async function secretIfNone(deps: Deps, setting: StoredAutomationSetting): Promise<{ setting: StoredAutomationSetting; webhookSecret?: string }> {
  if (!setting.enabled || setting.hasWebhookSecret) return { setting };
  const webhookSecret = newWebhookSecret();
  const issued = await deps.automationSettings.issueWebhookSecret(setting.projectId, setting.automationId, webhookSecret, { replace: false });
  return { setting: { ...setting, hasWebhookSecret: true }, ...(issued ? { webhookSecret } : {}) };
}

/**
 * Switches an automation on or off for the project and sets its params (validated against its
 * schema, errors naming `params.<field>`). Enabling issues its webhook signing secret once;
 * disabling cancels its waiting runs. `enabledByDefault` is what a first setting starts as.
 */
export async function configureAutomation(
  deps: Deps, projectId: string, automationId: string, change: AutomationChange, enabledByDefault = false,
): Promise<ConfiguredAutomation> {
  const spec = findAutomationSpec(deps, automationId);
  const current = await deps.automationSettings.find(projectId, automationId);
  const saved = await deps.automationSettings.save(projectId, automationId, {
    enabled: change.enabled ?? current?.enabled ?? enabledByDefault,
    params: mergedParams(spec, current?.params ?? {}, change.params ?? {}),
    testModeEmails: change.testModeEmails ?? current?.testModeEmails ?? false,
  });
  if (!saved.enabled) await cancelUnfinishedRuns(deps, projectId, automationId);
  return { spec, created: !current, ...(await secretIfNone(deps, saved)) };
}

/** Switches the automation off and forgets its params and secret (its waiting runs are canceled). */
export async function removeAutomation(deps: Deps, projectId: string, automationId: string): Promise<ConfiguredAutomation> {
  const spec = findAutomationSpec(deps, automationId);
  await deps.automationSettings.remove(projectId, automationId);
  await cancelUnfinishedRuns(deps, projectId, automationId);
  return { spec, setting: undefined, created: false };
}

/** A new webhook signing secret for the automation, replacing the old one; shown this once. */
export async function rotateWebhookSecret(deps: Deps, projectId: string, automationId: string): Promise<ConfiguredAutomation> {
  const spec = findAutomationSpec(deps, automationId);
  const current = await deps.automationSettings.find(projectId, automationId);
  const setting = current ?? (await deps.automationSettings.save(projectId, automationId, {
    enabled: false, params: mergedParams(spec, {}, {}), testModeEmails: false,
  }));
  const webhookSecret = newWebhookSecret();
  await deps.automationSettings.issueWebhookSecret(projectId, automationId, webhookSecret);
  return { spec, setting: { ...setting, hasWebhookSecret: true }, created: !current, webhookSecret };
}
