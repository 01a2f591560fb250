import type { StoredAutomationSetting } from '../../db/automation-setting-store';
import {
  DEFAULT_MAX_EVENT_AGE, defaultParams, validateParams, type AutomationSpec, type ParamField, type ParamValues,
} from '../../domain/automation';

/** One param as a form renders it: its name, kind, label and default. */
const presentField = (name: string, f: ParamField) => ({
  name,
  kind: f.kind,
  label: f.label,
  help: f.help ?? null,
  default: f.default ?? null,
  multiline: f.kind === 'template' && !!f.multiline,
});

export type ParamFieldView = ReturnType<typeof presentField>;

/**
 * The params a run of the setting gets: the stored values with defaults for the rest. A value a
 * newer version no longer accepts shows as stored (the next save names it) rather than failing the read.
 */
export function paramsWithDefaults(spec: AutomationSpec, stored: ParamValues | undefined): ParamValues {
  try {
    return validateParams(spec.params, stored ?? {}, {});
  } catch {
    const known = Object.entries(stored ?? {}).filter(([k]) => k in spec.params);
    return { ...defaultParams(spec.params), ...Object.fromEntries(known) };
  }
}

/** An automation and the project's setting for it; the webhook secret only in the response that issued it. */
export const presentAutomation = (spec: AutomationSpec, setting: StoredAutomationSetting | undefined, webhookSecret?: string) => ({
  id: spec.id,
  name: spec.name,
  description: spec.description,
  version: spec.version,
  trigger: spec.trigger,
  marketing: !!spec.marketing,
  maxEventAge: spec.maxEventAge ?? DEFAULT_MAX_EVENT_AGE,
  enabled: setting?.enabled ?? false,
  params: paramsWithDefaults(spec, setting?.params),
  testModeEmails: setting?.testModeEmails ?? false,
  hasWebhookSecret: setting?.hasWebhookSecret ?? false,
  ...(webhookSecret ? { webhookSecret } : {}),
  paramSchema: Object.entries(spec.params).map(([name, field]) => presentField(name, field)),
  updatedAt: setting?.updatedAt.toISOString() ?? null,
});

export type AutomationView = ReturnType<typeof presentAutomation>;
