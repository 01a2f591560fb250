import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { WaitWake } from '../activities';
import type { AutomationRunStart } from '../domain/automation';
import { AutomationWorkflow } from './automations/kit/run';
import { awaitedEventRecordedSignal } from './automations/kit/messages';
import { AutomationIdAttribute, CustomerIdAttribute, ProjectIdAttribute } from './shared';

/**
 * Starts claimed automation runs as children that outlive this workflow (its continue-as-new
 * included). The run's workflow id refuses a second start, while the server remembers it; the
 * ledger, which only offers runs not yet begun, covers the time after that.
 */
export async function startAutomationRuns(starts: AutomationRunStart[], alreadyStarted: Set<string>): Promise<void> {
  await Promise.all(starts.filter((s) => !alreadyStarted.has(s.runId)).map(async (start) => {
    try {
      await startChild(AutomationWorkflow, {
        workflowId: start.workflowId,
        args: [{ runId: start.runId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: ProjectIdAttribute, value: start.projectId },
          { key: AutomationIdAttribute, value: start.automationId },
          { key: CustomerIdAttribute, value: start.profileId },
        ],
        staticSummary: start.summary,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    alreadyStarted.add(start.runId);
  }));
}

/** Tells waiting runs their event was recorded; a run that ended meanwhile has nothing to hear. */
export async function wakeWaitingRuns(wakes: WaitWake[]): Promise<void> {
  await Promise.all(wakes.map(async (wake) => {
    try {
      await getExternalWorkflowHandle(wake.workflowId).signal(awaitedEventRecordedSignal, wake.waitId, wake.profileEventId);
    } catch (error) {
      log.info('a waiting run was gone before its event arrived', { workflowId: wake.workflowId, error: String(error) });
    }
  }));
}
