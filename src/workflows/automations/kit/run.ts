import {
  ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { DISABLED_RESULT, type ParamsOf, type ParamsSchema } from '../../../domain/automation';
import { findAutomation } from '../registry';
import { createActions, DISABLED, ENDED } from './actions';
import { automationDisabledSignal, awaitedEventRecordedSignal, type AutomationRunInput } from './messages';

const { beginAutomationRun, finishAutomationRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface AutomationRunOutcome {
  status: 'completed' | 'canceled' | 'failed';
  result: string;
}

const failureType = (error: unknown) => (error instanceof ApplicationFailure ? error.type : undefined);

/**
 * One run of an automation, id `automation:<projectId>:<automationId>:<stripeEventId>`, started by
 * the account workflow that recorded the trigger. It reads its run from the ledger, runs the
 * automation's code at the version the run was claimed with, and writes how it ended.
 */
export async function AutomationWorkflow({ runId }: AutomationRunInput): Promise<AutomationRunOutcome> {
  let disabled = false;
  const arrived = new Map<string, string>();
  setHandler(automationDisabledSignal, () => void (disabled = true));
  setHandler(awaitedEventRecordedSignal, (waitId, profileEventId) => {
    if (!arrived.has(waitId)) arrived.set(waitId, profileEventId);
  });

  const finish = async (outcome: AutomationRunOutcome) => {
    // the ending is written even when the run was cancelled from outside
    await CancellationScope.nonCancellable(() => finishAutomationRun({ runId, ...outcome }));
    return outcome;
  };

  const begun = await beginAutomationRun({ runId });
  if (begun.finished) return { status: begun.finished === 'completed' ? 'completed' : begun.finished === 'failed' ? 'failed' : 'canceled', result: 'already ended' };
  if (!begun.enabled) return finish({ status: 'canceled', result: DISABLED_RESULT });
  const automation = findAutomation(begun.automationId, begun.version);
  if (!automation) return finish({ status: 'failed', result: `${begun.automationId} v${begun.version} is not in this build` });

  try {
    const result = await automation.run({
      event: begun.event,
      profile: begun.profile,
      params: begun.params as ParamsOf<ParamsSchema>,
      testMode: begun.testMode,
      actions: createActions({ runId, isDisabled: () => disabled, arrived }),
    });
    return finish({ status: 'completed', result: result || 'completed' });
  } catch (error) {
    if (failureType(error) === ENDED) return finish({ status: 'completed', result: `ended: ${(error as ApplicationFailure).message}` });
    if (failureType(error) === DISABLED) return finish({ status: 'canceled', result: DISABLED_RESULT });
    if (isCancellation(error)) {
      await finish({ status: 'canceled', result: 'canceled from Temporal' });
      throw error;
    }
    if (error instanceof ApplicationFailure || error instanceof ActivityFailure) {
      const message = error instanceof ActivityFailure ? error.cause?.message ?? error.message : error.message;
      await finish({ status: 'failed', result: `failed: ${message}` });
      throw ApplicationFailure.nonRetryable(`${workflowInfo().workflowId}: ${message}`, 'AutomationFailed');
    }
    // anything else is a bug in the automation's code: the workflow task retries until a fixed worker deploys
    throw error;
  }
}
