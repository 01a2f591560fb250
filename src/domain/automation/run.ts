import type { AutomationRunStatus } from './spec';

/** One run of an automation for one triggering event: a row of the run ledger. */
export interface AutomationRun {
  id: string;
  projectId: string;
  automationId: string;
  version: number;
  connectionId: string | null;
  /** the Stripe event that triggered it: one run per automation and event, ever */
  sourceEventId: string;
  profileEventId: string;
  profileId: string;
  /** `automation:<projectId>:<automationId>:<stripeEventId>` */
  workflowId: string;
  /** "dunning · ada@example.com · charge ch_…" */
  summary: string;
  /** triggered by a test-mode event */
  testMode: boolean;
  status: AutomationRunStatus;
  currentStep: string | null;
  result: string | null;
  triggeredAt: Date;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export type AutomationStepStatus = 'running' | 'done' | 'sent' | 'outbox' | 'suppressed' | 'failed' | 'refused' | 'retried' | 'matched' | 'timed out' | 'skipped' | 'canceled';

/** One action of a run, as it went. */
export interface AutomationRunStep {
  step: number;
  kind: string;
  status: AutomationStepStatus;
  detail: string;
  attempts: number;
  startedAt: Date;
  updatedAt: Date;
}

/** What the account workflow needs to start a claimed run as its child. */
export interface AutomationRunStart {
  runId: string;
  workflowId: string;
  projectId: string;
  automationId: string;
  profileId: string;
  summary: string;
}
