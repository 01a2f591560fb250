import type { InboxEvent } from '../../db/event-inbox-store';

/** An inbox entry as the API shows it: what it is and where it stands, not its payload. */
export const presentInboxEvent = (e: InboxEvent) => ({
  stripeEventId: e.stripeEventId,
  type: e.type,
  status: e.status,
  attempts: e.attempts,
  lastError: e.lastError,
  createdAt: e.eventCreated.toISOString(),
  receivedAt: e.receivedAt.toISOString(),
  via: e.via,
});
