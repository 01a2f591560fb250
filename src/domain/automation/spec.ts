/**
 * What an automation is, apart from its code: its identity and version, the profile event that
 * triggers it, its params and the rules that decide whether an event starts a run. Pure, so the
 * workflows, the worker (which starts runs) and the API (which lists and configures them) share it.
 */
import type { StripeProfileEventName } from '../stripe-events';
import { durationMs } from './duration';
import type { ParamsOf, ParamsSchema, ParamValues } from './params';

/** A profile event as an automation sees it: the trigger, or one a run waited for. */
export interface AutomationEvent {
  /** the profile event's id */
  id: string;
  name: string;
  /** ISO time the event happened in Stripe */
  occurredAt: string;
  properties: Record<string, unknown>;
  /** the Stripe event id, when Stripe recorded it */
  sourceEventId: string | null;
}

/** The profile a run is about, as it was when the run began. */
export interface AutomationProfile {
  id: string;
  email: string | null;
  traits: Record<string, unknown>;
}

export interface FilterInput<S extends ParamsSchema = ParamsSchema> {
  event: AutomationEvent;
  profile: AutomationProfile;
  params: ParamsOf<S>;
}

export interface AutomationSpec<S extends ParamsSchema = ParamsSchema> {
  /** url-safe and stable: `/api/v1/automations/<id>`, the run's workflow id */
  id: string;
  /** bump it when the code changes in a way runs in flight must not see; see docs/automations.md */
  version: number;
  name: string;
  description: string;
  trigger: StripeProfileEventName;
  params: S;
  /** decides, when the trigger is recorded, whether this event starts a run */
  filter?: (input: FilterInput<S>) => boolean;
  /** an older event (caught up after an outage, say) is recorded but starts nothing; default "24 hours" */
  maxEventAge?: string;
  /** marketing email carries an unsubscribe link, and unsubscribed profiles get none */
  marketing?: boolean;
}

export const AUTOMATION_ID = /^[a-z][a-z0-9-]{1,40}$/;
export const DEFAULT_MAX_EVENT_AGE = '24 hours';

export type AutomationRunStatus = 'pending' | 'running' | 'waiting' | 'completed' | 'canceled' | 'failed';
export const FINISHED_RUN_STATUSES: readonly AutomationRunStatus[] = ['completed', 'canceled', 'failed'];

/** The reason a run ends when its automation is switched off while it waits. */
export const DISABLED_RESULT = 'canceled: automation disabled';

/** A project's switch and params for one automation. */
export interface AutomationSetting {
  projectId: string;
  automationId: string;
  enabled: boolean;
  params: ParamValues;
  /** runs triggered by test-mode events email real people only when this is on */
  testModeEmails: boolean;
}

/**
 * Whether this event starts a run of `spec` now: the automation is on, the event is its trigger,
 * young enough, and passes the filter. A filter that throws starts nothing (and is the author's bug
 * to find in the logs, not a reason to email someone).
 */
export function shouldTrigger(spec: AutomationSpec, setting: AutomationSetting | undefined, input: FilterInput, now: number): boolean {
  if (!setting?.enabled || spec.trigger !== input.event.name) return false;
  const age = now - Date.parse(input.event.occurredAt);
  if (age > durationMs(spec.maxEventAge ?? DEFAULT_MAX_EVENT_AGE)) return false;
  if (!spec.filter) return true;
  try {
    return spec.filter(input);
  } catch {
    return false;
  }
}

/** The newest version of each automation: the one new runs start on. */
export function currentVersions<T extends Pick<AutomationSpec, 'id' | 'version'>>(specs: readonly T[]): T[] {
  const newest = new Map<string, T>();
  for (const spec of specs) {
    const seen = newest.get(spec.id);
    if (!seen || spec.version > seen.version) newest.set(spec.id, spec);
  }
  return [...newest.values()];
}

/** Every automation the product knows, by id and version. */
export interface AutomationCatalog {
  /** the current version of each automation */
  list(): AutomationSpec[];
  /** the current version, or undefined */
  find(id: string): AutomationSpec | undefined;
  /** a given version: runs in flight keep theirs */
  version(id: string, version: number): AutomationSpec | undefined;
}

export function automationCatalog(specs: readonly AutomationSpec[]): AutomationCatalog {
  const current = currentVersions(specs).sort((a, b) => a.name.localeCompare(b.name));
  return {
    list: () => current,
    find: (id) => current.find((s) => s.id === id),
    version: (id, version) => specs.find((s) => s.id === id && s.version === version),
  };
}
