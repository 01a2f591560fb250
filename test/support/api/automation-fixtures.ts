import type { ApiDeps } from '../../../src/api/deps';
import type { AutomationRunStatus } from '../../../src/domain/automation';
import { randomBase62 } from '../../../src/domain/ids';
import { automationRunWorkflowId } from '../../../src/temporal/ids';

export interface SeededRun {
  runId: string;
  workflowId: string;
  profileId: string;
  stripeEventId: string;
}

/**
 * A run in the ledger as the worker leaves it, without Temporal: the profile, its triggering
 * event, the claimed run taken to `status`, and (for the first email step) an outbox email.
 */
export async function seedRun(
  deps: ApiDeps,
  projectId: string,
  opts: { automationId: string; email: string; status?: AutomationRunStatus; outboxEmail?: { subject: string; text: string }; stepDetail?: string },
): Promise<SeededRun> {
  const spec = deps.automations.find(opts.automationId)!;
  const { profile } = await deps.profiles.identify(projectId, { email: opts.email, traits: {} });
  const stripeEventId = `evt_${randomBase62(14)}`;
  const { event } = await deps.profileEvents.record({
    projectId, profileId: profile.id, name: spec.trigger, source: 'stripe', sourceEventId: stripeEventId, occurredAt: new Date(), properties: {},
  });
  const workflowId = automationRunWorkflowId(projectId, spec.id, stripeEventId);
  const [start] = await deps.automationRuns.claim([{
    projectId, automationId: spec.id, version: spec.version, connectionId: null, sourceEventId: stripeEventId, profileEventId: event.id,
    profileId: profile.id, workflowId, summary: `${spec.id} · ${opts.email}`, testMode: true, triggeredAt: event.occurredAt,
  }]);
  const runId = start!.runId;
  const status = opts.status ?? 'waiting';
  if (status !== 'pending') await deps.automationRuns.begin(runId);
  await deps.automationRuns.recordStep(runId, 1, { kind: 'email', status: 'outbox', detail: opts.stepDetail ?? `to ${opts.email}` });
  if (opts.outboxEmail) {
    await deps.outbox.queue({
      projectId, profileId: profile.id, runId, step: 1, to: opts.email, subject: opts.outboxEmail.subject, text: opts.outboxEmail.text, html: '',
      testMode: true, marketing: false, status: 'outbox', transport: 'outbox',
    });
  }
  if (status === 'waiting') await deps.automationRuns.setCurrent(runId, 'waiting', 'waiting for Stripe Charge Succeeded');
  if (status === 'completed' || status === 'canceled' || status === 'failed') await deps.automationRuns.finish(runId, status, `${status} in a test`);
  return { runId, workflowId, profileId: profile.id, stripeEventId };
}
