import type { ConnectionCause, DisconnectOrigin } from './connection';

/**
 * What the project's alert email is told about: a connection that needs reconnecting, one the
 * account disconnected in Stripe, a sync run that failed (or was ended from outside), and live
 * events set aside as dead. A disconnect made in the product is the user's own doing, and a
 * canceled sync too: neither is news to them.
 */
export const ALERT_CAUSES = ['needs_reconnect', 'disconnected_in_stripe', 'sync_failed', 'events_dead'] as const;
export type AlertCause = (typeof ALERT_CAUSES)[number];

/** At most one email per connection and cause in this long. */
export const ALERT_INTERVAL_SECONDS = 3600;

/** The alert a status move raises, if any. */
export function alertOfMove(cause: ConnectionCause, context: { canceled?: boolean; by?: DisconnectOrigin } = {}): AlertCause | null {
  if (cause === 'credentialsRejected') return 'needs_reconnect';
  if (cause === 'syncFailed') return context.canceled ? null : 'sync_failed';
  if (cause === 'disconnected') return context.by === 'stripe' ? 'disconnected_in_stripe' : null;
  return null;
}
