/**
 * A customer's past on the timeline, from the Stripe objects the sync stored: when each
 * subscription began and ended, each charge succeeded or failed, and refunds. Such entries are
 * `historical`, keyed by object and happening (so importing twice doubles nothing), and only from
 * before the connection's watermark, after which live events tell the same story.
 */
import type { NewProfileEvent } from './profile';
import { chargeProperties, subscriptionProperties, type StripeProfileEventName } from './stripe-events';

export type HistoryObjectKind = 'subscription' | 'charge';

interface Happening {
  name: StripeProfileEventName;
  /** unix seconds */
  at: number | null | undefined;
  key: string;
}

interface SubscriptionData { id: string; status: string; created: number; canceled_at?: number | null; ended_at?: number | null }
interface ChargeData { id: string; status: string; created: number; amount: number; currency: string; amount_refunded?: number }

function happenings(kind: HistoryObjectKind, data: SubscriptionData | ChargeData): Happening[] {
  if (kind === 'subscription') {
    const s = data as SubscriptionData;
    const ended = s.status === 'canceled' || s.status === 'incomplete_expired' ? s.ended_at ?? s.canceled_at : null;
    return [
      { name: 'Stripe Subscription Created', at: s.created, key: 'created' },
      { name: 'Stripe Subscription Deleted', at: ended, key: 'deleted' },
    ];
  }
  const c = data as ChargeData;
  return [
    { name: 'Stripe Charge Succeeded', at: c.status === 'succeeded' ? c.created : null, key: 'succeeded' },
    { name: 'Stripe Charge Failed', at: c.status === 'failed' ? c.created : null, key: 'failed' },
    // The time of the refund is not kept with the charge; the entry sits at the charge.
    { name: 'Stripe Charge Refunded', at: (c.amount_refunded ?? 0) > 0 ? c.created : null, key: 'refunded' },
  ];
}

/** The source id of a historical entry: never an `evt_…`, so it never meets a live event's. */
export const historySourceId = (objectId: string, key: string) => `history:${objectId}:${key}`;

export function historyEntries(
  kind: HistoryObjectKind,
  data: unknown,
  owner: { projectId: string; profileId: string },
  before: Date,
): NewProfileEvent[] {
  const object = data as SubscriptionData & ChargeData;
  const properties = kind === 'subscription' ? subscriptionProperties(object as never) : chargeProperties(object);
  return happenings(kind, object)
    .filter((h): h is Happening & { at: number } => typeof h.at === 'number' && h.at * 1000 < before.getTime())
    .map((h) => ({
      ...owner,
      name: h.name,
      source: 'stripe' as const,
      sourceEventId: historySourceId(object.id, h.key),
      occurredAt: new Date(h.at * 1000),
      historical: true,
      properties,
    }));
}
