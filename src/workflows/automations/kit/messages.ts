import { defineSignal } from '@temporalio/workflow';

/** A run's wait is over: the event it waited for was recorded. Carries ids: the wait and the profile event. */
export const awaitedEventRecordedSignal = defineSignal<[waitId: string, profileEventId: string]>('awaitedEventRecorded');

/** The project switched the automation off: the run ends at its next step, canceled. */
export const automationDisabledSignal = defineSignal('automationDisabled');

export interface AutomationRunInput {
  /** the run ledger's id; everything else is read from it */
  runId: string;
}
