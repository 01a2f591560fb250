import type { EventWriteStores } from '../db/event-write-stores';
import {
  shouldTrigger, type AutomationCatalog, type AutomationEvent, type AutomationRunStart, type ParamsOf, type ParamsSchema,
} from '../domain/automation';
import type { ProfileEvent } from '../domain/profile';
import type { StripeEventEnvelope } from '../domain/stripe-events';
import { automationRunWorkflowId } from '../temporal/ids';

/** A run waiting for an event that was just recorded on its profile. */
export interface WaitWake {
  workflowId: string;
  waitId: string;
  profileEventId: string;
}

export interface TriggeredWork {
  starts: AutomationRunStart[];
  wakes: WaitWake[];
}

export const toAutomationEvent = (e: ProfileEvent): AutomationEvent => ({
  id: e.id, name: e.name, occurredAt: e.occurredAt.toISOString(), properties: e.properties, sourceEventId: e.sourceEventId,
});

/** "charge ch_…", for run summaries. */
function objectLabel(event: StripeEventEnvelope): string {
  const o = event.data.object;
  return [o.object, o.id].filter((part) => typeof part === 'string').join(' ');
}

/**
 * What a newly recorded live event sets going, inside the transaction that recorded it: a ledger
 * row for each enabled automation it triggers (the unique key on automation and Stripe event makes
 * a redelivery claim nothing), and the runs already waiting for it on this profile.
 */
export async function claimTriggeredWork(
  stores: EventWriteStores,
  catalog: AutomationCatalog,
  input: { connectionId: string; event: StripeEventEnvelope; recorded: ProfileEvent },
  now = Date.now(),
): Promise<TriggeredWork> {
  const { recorded, event, connectionId } = input;
  const wakes = (await stores.automationWaits.matching(recorded.profileId, recorded.name, recorded.occurredAt))
    .map((w) => ({ workflowId: w.workflowId, waitId: w.id, profileEventId: recorded.id }));
  const settings = new Map((await stores.automationSettings.enabledFor(recorded.projectId)).map((s) => [s.automationId, s]));
  const candidates = catalog.list().filter((spec) => spec.trigger === recorded.name && settings.has(spec.id));
  if (candidates.length === 0) return { starts: [], wakes };

  const profile = await stores.profiles.get(recorded.projectId, recorded.profileId);
  const filterInput = { event: toAutomationEvent(recorded), profile: { id: profile.id, email: profile.email, traits: profile.traits } };
  const triggered = candidates.filter((spec) => {
    const setting = settings.get(spec.id)!;
    return shouldTrigger(spec, setting, { ...filterInput, params: setting.params as ParamsOf<ParamsSchema> }, now);
  });
  const starts = await stores.automationRuns.claim(triggered.map((spec) => ({
    projectId: recorded.projectId,
    automationId: spec.id,
    version: spec.version,
    connectionId,
    sourceEventId: event.id,
    profileEventId: recorded.id,
    profileId: recorded.profileId,
    workflowId: automationRunWorkflowId(recorded.projectId, spec.id, event.id),
    summary: [spec.id, profile.email ?? profile.id, objectLabel(event)].filter(Boolean).join(' · '),
    testMode: !event.livemode,
    triggeredAt: recorded.occurredAt,
  })));
  return { starts, wakes };
}
