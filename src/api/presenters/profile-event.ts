import type { ProfileEvent } from '../../domain/profile';

/** One timeline entry as the API shows it; `stripeEventId` is null where no Stripe event is the source (historical entries). */
export const presentProfileEvent = (e: ProfileEvent) => ({
  id: e.id,
  name: e.name,
  source: e.source,
  occurredAt: e.occurredAt.toISOString(),
  stripeEventId: e.source === 'stripe' && e.sourceEventId?.startsWith('evt_') ? e.sourceEventId : null,
  historical: e.historical,
  properties: e.properties,
});
