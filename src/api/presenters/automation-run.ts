import type { AutomationRun, AutomationRunStep } from '../../domain/automation';

/** What a run list knows besides the ledger row: the trigger's name and whom the run is about. */
export interface RunContext {
  automationName: string | null;
  trigger: string | null;
  email: string | null;
}

/** One run of an automation: its status, what triggered it, whom it is about, where it is. */
export const presentAutomationRun = (r: AutomationRun, c: RunContext) => ({
  id: r.id,
  automationId: r.automationId,
  automationName: c.automationName,
  version: r.version,
  status: r.status,
  summary: r.summary,
  testMode: r.testMode,
  event: { id: r.profileEventId, name: c.trigger, stripeEventId: r.sourceEventId, occurredAt: r.triggeredAt.toISOString() },
  profile: { id: r.profileId, email: c.email },
  currentStep: r.currentStep,
  result: r.result,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  endedAt: r.endedAt?.toISOString() ?? null,
  workflowId: r.workflowId,
});

export type AutomationRunView = ReturnType<typeof presentAutomationRun>;

/** One action of a run, as it went (sent, outbox, suppressed, retried, failed, …). */
export const presentRunStep = (s: AutomationRunStep) => ({
  step: s.step,
  kind: s.kind,
  status: s.status,
  detail: s.detail,
  attempts: s.attempts,
  startedAt: s.startedAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export type RunStepView = ReturnType<typeof presentRunStep>;
