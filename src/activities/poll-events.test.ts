import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { fakeActivityWorld, quietActivityEnvironment } from '../../test/support/activities/fake-activity-deps';
import type { StripeEventEnvelope } from '../domain/stripe-events';
import type { ActivityDeps } from './deps';
import { createPollEventsActivities, POLL_OVERLAP_SECONDS, type PollStripeEventsOutput } from './poll-events';

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);

/** A Stripe whose event list is `events` (newest first), read in pages of `pageSize`, with the filters it was asked for. */
function eventList(events: StripeEventEnvelope[], pageSize = 100) {
  const asked: { createdGte: number; startingAfter: string | null }[] = [];
  return {
    asked,
    listEvents: ({ createdGte, startingAfter }: { createdGte: number; startingAfter: string | null }) => {
      asked.push({ createdGte, startingAfter });
      const from = startingAfter ? events.findIndex((e) => e.id === startingAfter) + 1 : 0;
      const page = events.slice(from, from + pageSize);
      return Promise.resolve({ events: page as unknown as Stripe.Event[], hasMore: from + pageSize < events.length });
    },
  };
}

function world(watermarkSecondsAgo: number, events: StripeEventEnvelope[], pageSize?: number) {
  const list = eventList(events, pageSize);
  const base = fakeActivityWorld({ connection: { eventsWatermark: new Date((now() - watermarkSecondsAgo) * 1000) } });
  const received: string[] = [];
  const deps: ActivityDeps = {
    ...base.deps,
    gateways: { forConnection: () => Promise.resolve({ ...base.stripe, listEvents: list.listEvents }) },
    inbox: {
      ...base.deps.inbox,
      receive: (_c, e) => { const duplicate = received.includes(e.id); received.push(e.id); return Promise.resolve({ connectionId: 'conn_unit', seq: received.length, duplicate }); },
      latestSeq: () => Promise.resolve(received.length),
    },
  };
  const poll = (startingAfter: string | null = null) =>
    quietActivityEnvironment().run(() => createPollEventsActivities(deps).pollStripeEvents({ connectionId: 'conn_unit', startingAfter })) as Promise<PollStripeEventsOutput>;
  return { ...base, list, received, poll };
}

const event = (i: number, type = 'charge.failed'): StripeEventEnvelope =>
  ({ id: `evt_${i}`, type, created: now() - i, livemode: false, data: { object: { object: 'charge', id: `ch_${i}` } } });

describe('pollStripeEvents (one activity, fake Stripe and inbox)', () => {
  it('reads from the watermark less the overlap, stores what the inbox lacks, and moves the watermark', async () => {
    const w = world(600, [event(1), event(2)]);
    const out = await w.poll();
    assert.equal(w.list.asked[0]!.createdGte, now() - 600 - POLL_OVERLAP_SECONDS);
    assert.deepEqual(w.received, ['evt_1', 'evt_2']);
    assert.deepEqual({ stored: out.stored, startingAfter: out.startingAfter, beyondRetention: out.beyondRetention }, { stored: 2, startingAfter: null, beyondRetention: false });
    assert.ok(w.connection.eventsWatermark!.getTime() >= (now() - 1) * 1000, 'the watermark moved to when the poll began');
  });

  it('stops at its page bound with a cursor to go on from, leaving the watermark', async () => {
    const w = world(600, Array.from({ length: 30 }, (_, i) => event(i)), 1);
    const before = w.connection.eventsWatermark;
    const out = await w.poll();
    assert.equal(out.startingAfter, 'evt_19', 'twenty pages of one');
    assert.equal(w.connection.eventsWatermark, before);
    const rest = await w.poll(out.startingAfter);
    assert.equal(rest.startingAfter, null);
    assert.equal(w.received.length, 30);
  });

  it('a watermark older than the 30 days Stripe keeps asks for a resync, reading only what Stripe still has', async () => {
    const w = world(40 * DAY, [event(1)]);
    const out = await w.poll();
    assert.equal(out.beyondRetention, true);
    assert.ok(w.list.asked[0]!.createdGte >= now() - 30 * DAY, 'never asks for more than Stripe keeps');
  });
});
