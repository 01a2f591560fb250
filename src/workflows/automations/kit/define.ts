/**
 * The authoring kit: an automation is one `defineAutomation({...})` in a file of this folder. Its
 * `run` is ordinary async TypeScript over typed inputs and a few actions; the kit turns each action
 * into a recorded, retried Temporal step, so the author gets durability and exactly-once without
 * writing anything Temporal-specific. `run` must be deterministic: no `Date.now()`, randomness or
 * I/O of its own (the workflow sandbox enforces most of it), only the actions.
 */
import {
  AUTOMATION_ID, type AutomationEvent, type AutomationProfile, type AutomationSpec, type ParamsOf, type ParamsSchema,
} from '../../../domain/automation';
import type { StripeProfileEventName } from '../../../domain/stripe-events';

export type EmailOutcome = 'sent' | 'outbox' | 'suppressed' | 'skipped';

export interface Actions {
  /** Emails the profile; subject and body are templates (`{{traits.…}}`, `{{event.…}}`, `{{profile.email}}`). */
  sendEmail(email: { subject: string; body: string }): Promise<EmailOutcome>;
  /**
   * POSTs JSON to `url`, signed with `Engage-Signature`; retried with backoff on 408, 429, 5xx and
   * network errors. Resolves `false` when it failed for good, and `'skipped'` when no URL is set.
   */
  callWebhook(url: string | undefined, payload?: Record<string, unknown>): Promise<boolean | 'skipped'>;
  setTrait(key: string, value: string | number | boolean): Promise<void>;
  removeTrait(key: string): Promise<void>;
  /** A durable timer: "3 days" is three days, whatever restarts happen meanwhile. */
  wait(duration: string): Promise<void>;
  /**
   * Waits for the event on this profile, recorded since the trigger (one recorded just before the
   * wait began counts), for at most `within`. Resolves the event, or null when time ran out.
   */
  waitForEvent(name: StripeProfileEventName, options: { within: string }): Promise<AutomationEvent | null>;
  /** Ends the run now, as completed, with this reason. */
  end(reason: string): never;
}

export interface RunInput<S extends ParamsSchema> {
  event: AutomationEvent;
  profile: AutomationProfile;
  params: ParamsOf<S>;
  /** triggered by a test-mode event: emails stay in the outbox unless the project opted in */
  testMode: boolean;
  actions: Actions;
}

export interface AutomationDefinition<S extends ParamsSchema = ParamsSchema> extends AutomationSpec<S> {
  /** The automation itself; what it returns becomes the run's result. */
  run(input: RunInput<S>): Promise<string | void>;
}

export function defineAutomation<S extends ParamsSchema>(definition: AutomationDefinition<S>): AutomationDefinition<S> {
  if (!AUTOMATION_ID.test(definition.id)) throw new TypeError(`automation id "${definition.id}" must match ${String(AUTOMATION_ID)}`);
  if (!Number.isInteger(definition.version) || definition.version < 1) throw new TypeError(`${definition.id}: version must be a whole number from 1`);
  return definition;
}
