import { ActivityFailure, ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { parseDuration, type AutomationEvent } from '../../../domain/automation';
import type { Actions } from './define';

const { sendAutomationEmail, setAutomationTrait, recordAutomationStep, beginAutomationWait, endAutomationWait } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 8 },
});

const { callAutomationWebhook } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 3, maximumInterval: '10 minutes', maximumAttempts: 6 },
});

/** Thrown by `end()` and caught by the run: the author ended it early. */
export const ENDED = 'AutomationEnded';
/** Thrown when the automation was switched off: the run ends canceled. */
export const DISABLED = 'AutomationDisabled';

export const disabledFailure = () => ApplicationFailure.nonRetryable('automation disabled', DISABLED);

export interface RunControls {
  runId: string;
  isDisabled: () => boolean;
  /** waits whose event arrived, by wait id → the profile event id */
  arrived: Map<string, string>;
}

function msOf(duration: string): number {
  const ms = parseDuration(duration);
  if (ms === undefined) throw ApplicationFailure.nonRetryable(`"${duration}" is not a duration (write it like "3 days")`, 'InvalidDuration');
  return ms;
}

/**
 * The actions `run` gets. Each one is a step with a number, recorded on the run by its activity;
 * the numbers are deterministic, so a replayed run addresses the same steps.
 */
export function createActions({ runId, isDisabled, arrived }: RunControls): Actions {
  let steps = 0;
  const next = () => {
    if (isDisabled()) throw disabledFailure();
    return ++steps;
  };
  const unlessDisabled = <T extends { disabled?: boolean; status?: string }>(out: T): T => {
    if (out.disabled || out.status === 'disabled') throw disabledFailure();
    return out;
  };

  const setTrait = async (key: string, value: string | number | boolean | null) => {
    unlessDisabled(await setAutomationTrait({ runId, step: next(), key, value }));
  };

  return {
    async sendEmail({ subject, body }) {
      const out = unlessDisabled(await sendAutomationEmail({ runId, step: next(), subject, body }));
      return out.status as Exclude<typeof out.status, 'disabled'>;
    },

    async callWebhook(url, payload = {}) {
      const step = next();
      if (!url) {
        await recordAutomationStep({ runId, step, kind: 'webhook', status: 'skipped', detail: 'no webhook URL set' });
        return 'skipped';
      }
      try {
        unlessDisabled(await callAutomationWebhook({ runId, step, url, payload }));
        return true;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        // the activity recorded why on the step; the run goes on, its author decides what a failure means
        return false;
      }
    },

    setTrait: (key, value) => setTrait(key, value),
    removeTrait: (key) => setTrait(key, null),

    async wait(duration) {
      const step = next();
      const ms = msOf(duration);
      await recordAutomationStep({ runId, step, kind: 'wait', status: 'running', detail: `waiting ${duration}`, current: { status: 'waiting', text: `waiting ${duration}` } });
      const canceled = await condition(isDisabled, ms);
      await recordAutomationStep({ runId, step, kind: 'wait', status: canceled ? 'canceled' : 'done', detail: `waited ${duration}`, ...(canceled ? {} : { current: { status: 'running', text: 'running' } }) });
      if (canceled) throw disabledFailure();
    },

    async waitForEvent(name, { within }): Promise<AutomationEvent | null> {
      const step = next();
      const ms = msOf(within);
      const begun = unlessDisabled(await beginAutomationWait({ runId, step, eventName: name, describe: `${name}, up to ${within}` }));
      if (begun.matched) return begun.matched;
      await condition(() => isDisabled() || arrived.has(begun.waitId), ms);
      const canceled = isDisabled();
      const event = await endAutomationWait({ runId, step, waitId: begun.waitId, eventName: name, profileEventId: canceled ? null : arrived.get(begun.waitId) ?? null, canceled });
      if (canceled) throw disabledFailure();
      return event;
    },

    end(reason) {
      throw ApplicationFailure.nonRetryable(reason, ENDED);
    },
  };
}
