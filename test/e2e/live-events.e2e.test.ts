import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { stripeAccountProgressQuery } from '../../src/workflows/messages';
import { useFullStack } from '../support/api/use-full-stack';
import { waitFor } from '../support/wait';

interface Merchant { id: string; secretKey: string }
interface TimelineEntry { id: string; name: string; source: string; occurredAt: string; stripeEventId: string | null; historical: boolean; properties: Record<string, unknown> }
interface Triggered<T = { id: string }> { object: T; events: string[] }

/**
 * Live Stripe events end to end: an API-key connection registers its webhook endpoint in the
 * (emulated) Stripe account, Stripe sends real signed webhooks, the API stores them in the inbox
 * and wakes the account workflow, which records the profile events on the right profiles.
 */
describe('live Stripe events (emulator webhooks, real worker and Temporal)', () => {
  const { stack, t } = useFullStack<Merchant>('live-events', { livemode: false, businessName: 'Live Ltd', seed: { seed: 3, customers: 3 } });
  let connectionId: string;
  const api = (path: string) => t.h.client().get(path, { bearer: t.apiKey });
  const trigger = <T = { id: string }>(action: string, params: Record<string, unknown>) =>
    stack.emulator.control<Triggered<T>>(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action, ...params });

  async function profileOf(email: string): Promise<string> {
    return waitFor(async () => (await api(`/api/v1/customers?email=${encodeURIComponent(email)}`)).body?.data?.[0]?.id as string | undefined, { what: `the profile of ${email}` });
  }
  const timeline = async (profileId: string): Promise<TimelineEntry[]> => (await api(`/api/v1/customers/${profileId}/events?limit=200`)).body.data as TimelineEntry[];
  async function timelineWith(profileId: string, names: string[]): Promise<TimelineEntry[]> {
    return waitFor(async () => {
      const entries = await timeline(profileId);
      return names.every((n) => entries.some((e) => e.name === n)) && entries;
    }, { what: `${names.join(', ')} on ${profileId}`, timeoutMs: 60_000 });
  }

  before(async () => {
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: stack.merchant.secretKey } });
    assert.equal(res.status, 201, res.text);
    connectionId = res.body.id as string;
    await waitFor(async () => (await api('/api/v1/integrations/stripe')).body.data[0].status === 'active', { what: 'the first sync', timeoutMs: 90_000 });
  });

  it('connecting with a key registers our webhook endpoint in the account: pinned version, the events we use, marked as ours', async () => {
    const { data } = await stack.emulator.get<{ data: Stripe.WebhookEndpoint[] }>(`/_emulator/accounts/${stack.merchant.id}/objects?type=webhook_endpoints`);
    assert.equal(data.length, 1);
    const [endpoint] = data;
    assert.equal(endpoint!.url, `${stack.appUrl}/webhooks/stripe/${connectionId}`);
    assert.equal(endpoint!.api_version, '2026-10-28.endive');
    assert.deepEqual(endpoint!.metadata, { managed_by: 'stripe-engage', connection_id: connectionId, project_id: t.projectId });
    assert.ok(endpoint!.enabled_events.includes('invoice.upcoming') && endpoint!.enabled_events.includes('charge.refunded'));
  });

  it('each of the 8 events appears exactly once on the right profile, with its documented properties', async () => {
    const email = 'ada@live.example';
    const { object: customer } = await trigger('customer.create', { email, name: 'Ada Lovelace' });
    const profileId = await profileOf(email);
    const { object: sub } = await trigger<Stripe.Subscription>('subscription.create', { customer: customer.id, trialDays: 10 });
    await trigger('subscription.trial_will_end', { subscription: sub.id });
    const { object: switched } = await trigger<Stripe.Subscription>('subscription.switch_plan', { subscription: sub.id });
    const { object: paid } = await trigger<Stripe.Charge>('charge.succeed', { customer: customer.id, amount: 4200, description: 'Pro plan' });
    const { object: declined } = await trigger<Stripe.Charge>('charge.fail', { customer: customer.id, amount: 1500 });
    await trigger('charge.refund', { charge: paid.id, amount: 1000 });
    const { events: upcomingEvents } = await trigger('invoice.upcoming', { subscription: sub.id });
    await trigger('subscription.cancel', { subscription: sub.id });

    const all = await timelineWith(profileId, [
      'Stripe Subscription Created', 'Stripe Subscription Trial Will End', 'Stripe Subscription Updated', 'Stripe Charge Succeeded',
      'Stripe Charge Failed', 'Stripe Charge Refunded', 'Stripe Invoice Upcoming', 'Stripe Subscription Deleted',
    ]);
    const one = (name: string) => {
      const matching = all.filter((e) => e.name === name);
      assert.equal(matching.length, 1, `${name} once`);
      assert.equal(matching[0]!.source, 'stripe');
      assert.equal(matching[0]!.historical, false);
      assert.match(matching[0]!.stripeEventId!, /^evt_/);
      return matching[0]!.properties;
    };
    const created = one('Stripe Subscription Created');
    assert.equal(created.id, sub.id);
    assert.equal(created.status, 'trialing');
    assert.equal(typeof created.amount, 'number');
    assert.equal(created.interval, 'month');
    assert.equal(created.trialEnd, sub.trial_end);
    const updated = one('Stripe Subscription Updated');
    assert.deepEqual(updated.changes, { price: { from: sub.items.data[0]!.price.id, to: switched.items.data[0]!.price.id } });
    assert.equal(one('Stripe Subscription Trial Will End').id, sub.id);
    assert.equal(one('Stripe Subscription Deleted').status, 'canceled');
    assert.deepEqual(
      (({ id, amount, currency, description }) => ({ id, amount, currency, description }))(one('Stripe Charge Succeeded')),
      { id: paid.id, amount: 4200, currency: 'usd', description: 'Pro plan' },
    );
    const failed = one('Stripe Charge Failed');
    assert.equal(failed.id, declined.id);
    assert.equal(failed.failureCode, 'card_declined');
    assert.equal(one('Stripe Charge Refunded').amountRefunded, 1000, 'a partial refund is recorded too');
    const upcoming = all.find((e) => e.name === 'Stripe Invoice Upcoming')!;
    assert.equal(upcoming.stripeEventId, upcomingEvents[0], 'keyed by the event: the upcoming invoice has no id');
    assert.equal(typeof upcoming.properties.amountDue, 'number');
    assert.equal(upcoming.properties.subscriptionId, sub.id);

    // the subscription change reached the traits and the segments too
    const profile = (await api(`/api/v1/customers/${profileId}`)).body;
    assert.equal(profile.traits['stripe.active_subscription'], false);
    assert.equal(profile.traits['stripe.name'], 'Ada Lovelace');
  });

  it('every event delivered three times, newest first: the same end state, each event once; deleted before updated ends deleted', async () => {
    await stack.emulator.control('/_emulator/webhooks/config', { copies: 3, reorder: 'reverse', paused: true });
    try {
      const email = 'grace@live.example';
      const { object: customer } = await trigger('customer.create', { email });
      const { object: sub } = await trigger<Stripe.Subscription>('subscription.create', { customer: customer.id });
      await trigger('subscription.switch_plan', { subscription: sub.id });
      await trigger('subscription.cancel', { subscription: sub.id });
      await stack.emulator.control('/_emulator/webhooks/config', { paused: false });
      const profileId = await profileOf(email);
      const all = await timelineWith(profileId, ['Stripe Subscription Created', 'Stripe Subscription Updated', 'Stripe Subscription Deleted']);
      assert.deepEqual(all.map((e) => e.name).sort(), ['Stripe Subscription Created', 'Stripe Subscription Deleted', 'Stripe Subscription Updated']);
      const mirrored = await t.db('stripe_subscriptions').where({ connection_id: connectionId, id: sub.id }).first();
      assert.equal(mirrored.status, 'canceled', 'the cancellation is not undone by the earlier update arriving later');
      const inbox = await t.db('stripe_event_inbox').where({ connection_id: connectionId }).whereIn('type', ['customer.subscription.updated', 'customer.subscription.deleted']);
      assert.equal(new Set(inbox.map((r: { stripe_event_id: string }) => r.stripe_event_id)).size, inbox.length, 'one inbox entry per event');
    } finally {
      await stack.emulator.control('/_emulator/webhooks/config', { copies: 1, reorder: false, paused: false });
    }
  });

  it('a 2,000-event burst to one account: every event processed, from far fewer signals than events', async () => {
    const [secret] = await t.h.deps.connections.webhookSecrets(connectionId);
    const ids = Array.from({ length: 2_000 }, (_, i) => i);
    const created = Math.floor(Date.now() / 1000);
    const deliver = async (i: number) => {
      // A deleted customer is a final state: processed from the payload, without calling Stripe.
      const raw = JSON.stringify({ id: `evt_burst_${i}`, object: 'event', type: 'customer.deleted', created, livemode: false, api_version: '2026-10-28.endive',
        data: { object: { id: `cus_burst_${i}`, object: 'customer', deleted: true } } });
      const res = await t.h.client().post(`/webhooks/stripe/${connectionId}`, {
        raw, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: secret! }) },
      });
      assert.equal(res.status, 200);
    };
    const account = stack.temporal.client.workflow.getHandle(`stripe-account:${connectionId}`);
    const signalsBefore = (await account.query(stripeAccountProgressQuery)).signals;
    const burstStarted = Date.now();
    for (let at = 0; at < ids.length; at += 25) await Promise.all(ids.slice(at, at + 25).map(deliver));
    const burstMs = Date.now() - burstStarted;
    const burst = () => t.db('stripe_event_inbox').where({ connection_id: connectionId }).where('stripe_event_id', 'like', 'evt_burst_%');
    await waitFor(async () => Number((await burst().where({ status: 'processed' }).count('* as n'))[0]!.n) === 2_000, { what: '2,000 events processed', timeoutMs: 120_000, intervalMs: 500 });
    const progress = await account.query(stripeAccountProgressQuery);
    const signals = progress.signals - signalsBefore;
    // Signals to one connection are spaced by 100 ms: about one per 100 ms of the burst, whatever the rate of events.
    assert.ok(signals <= Math.ceil(burstMs / 100) + 2 && signals < 400, `${signals} signals for 2,000 events in ${burstMs} ms`);
    assert.equal(progress.processedSeq, progress.knownSeq);
  });

  it('the history option puts the synced customers\' past on their timelines, historical, doubling no live event', async () => {
    const ada = await profileOf('ada@live.example');
    const liveBefore = await timeline(ada);
    const res = await t.h.client().patch(`/api/v1/integrations/stripe/${connectionId}`, { bearer: t.apiKey, json: { timelineHistory: true } });
    assert.equal(res.status, 200);
    const seeded = (await t.db('stripe_subscriptions').where({ connection_id: connectionId }).whereNotNull('profile_id').orderBy('stripe_created_at').first()).profile_id as string;
    const past = await waitFor(async () => {
      const entries = await timeline(seeded);
      return entries.some((e) => e.historical) && entries;
    }, { what: 'historical entries on a synced customer', timeoutMs: 60_000 });
    const created = past.filter((e) => e.historical && e.name === 'Stripe Subscription Created');
    assert.ok(created.length >= 1);
    assert.equal(created[0]!.stripeEventId, null, 'no Stripe event behind a historical entry');
    assert.deepEqual(await timeline(ada), liveBefore, 'the live events of a customer who came after the connection are not doubled');
  });

  describe('what the endpoint refuses or only acknowledges', () => {
    const post = (path: string, raw: string, signature?: string) =>
      t.h.client().post(path, { raw, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) } });
    const inboxSize = async () => Number((await t.db('stripe_event_inbox').count('* as n'))[0]!.n);
    const secret = async () => (await t.h.deps.connections.webhookSecrets(connectionId))[0]!;
    const sign = (payload: string, s: string, timestamp?: number) => Stripe.webhooks.generateTestHeaderString({ payload, secret: s, timestamp });
    const eventJson = (type: string, object: Record<string, unknown> = { object: 'customer', id: 'cus_x' }) =>
      JSON.stringify({ id: `evt_test_${type}_${Date.now()}`, object: 'event', type, created: Math.floor(Date.now() / 1000), livemode: false, api_version: '2026-10-28.endive', data: { object } });

    it('a bad signature, a stale timestamp or malformed JSON → 400, and nothing is stored', async () => {
      const before = await inboxSize();
      const body = eventJson('customer.updated');
      const path = `/webhooks/stripe/${connectionId}`;
      const wrong = await post(path, body, sign(body, 'whsec_notoursatall'));
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.code, 'invalid_signature');
      assert.equal((await post(path, body)).status, 400, 'no signature at all');
      assert.equal((await post(path, body, sign(body, await secret(), Math.floor(Date.now() / 1000) - 600))).status, 400, 'older than 5 minutes');
      const garbled = '{"id": "evt_1", "type":';
      const malformed = await post(path, garbled, sign(garbled, await secret()));
      assert.equal(malformed.status, 400, malformed.text);
      assert.equal(malformed.body.error.code, 'validation_error');
      assert.equal(await inboxSize(), before);
    });

    it('an oversized body → 413; an unknown endpoint → 404; nothing is stored', async () => {
      const before = await inboxSize();
      const huge = eventJson('customer.updated', { object: 'customer', id: 'cus_x', padding: 'x'.repeat(1_100_000) });
      const tooBig = await post(`/webhooks/stripe/${connectionId}`, huge, sign(huge, await secret()));
      assert.equal(tooBig.status, 413);
      const body = eventJson('customer.updated');
      assert.equal((await post('/webhooks/stripe/conn_doesnotexist', body, sign(body, await secret()))).status, 404);
      assert.equal(await inboxSize(), before);
    });

    it('a type the product does not use is acknowledged and kept as ignored, changing no profile', async () => {
      const body = eventJson('payout.paid', { object: 'payout', id: 'po_1' });
      const profilesBefore = Number((await t.db('profiles').count('* as n'))[0]!.n);
      const res = await post(`/webhooks/stripe/${connectionId}`, body, sign(body, await secret()));
      assert.equal(res.status, 200);
      const row = await t.db('stripe_event_inbox').where({ connection_id: connectionId, type: 'payout.paid' }).first();
      assert.equal(row.status, 'ignored');
      assert.equal(Number((await t.db('profiles').count('* as n'))[0]!.n), profilesBefore);
    });

    it('the integration shows what arrived: received, rejected, ignored, dead and the newest event\'s time', async () => {
      const [view] = (await api('/api/v1/integrations/stripe')).body.data;
      assert.ok(view.webhooks.received > 10, JSON.stringify(view.webhooks));
      assert.ok(view.webhooks.rejected >= 3, 'the forged and stale deliveries above');
      assert.ok(view.webhooks.ignored >= 1);
      assert.equal(view.webhooks.dead, 0);
      assert.equal(view.liveEvents, 'webhooks', 'the emulator reaches the managed endpoint');
      assert.ok(Date.parse(view.lastEventAt) > Date.now() - 3_600_000);
    });
  });
});

/** What webhooks never delivered is caught up from Stripe's event list. */
describe('live Stripe events missed by webhooks (emulator, real worker and Temporal)', () => {
  const { stack, t } = useFullStack<Merchant>('events-poll', { livemode: false, seed: { seed: 5, customers: 2 } }, { stripe: { eventsPollSeconds: 2 } });
  const api = (path: string) => t.h.client().get(path, { bearer: t.apiKey });

  it('events whose deliveries never arrived (deliveries paused, then the endpoint deleted) are caught up from /v1/events', async () => {
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: stack.merchant.secretKey } });
    assert.equal(res.status, 201, res.text);
    await waitFor(async () => (await api('/api/v1/integrations/stripe')).body.data[0].status === 'active', { what: 'the first sync', timeoutMs: 90_000 });

    await stack.emulator.control('/_emulator/webhooks/config', { paused: true });
    const stripe = new Stripe(stack.merchant.secretKey, { host: new URL(stack.emulator.url).hostname, port: Number(new URL(stack.emulator.url).port), protocol: 'http' });
    try {
      const { object: customer } = await stack.emulator.control<Triggered>(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action: 'customer.create', email: 'missed@poll.example' });
      const { object: charge } = await stack.emulator.control<Triggered>(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action: 'charge.fail', customer: customer.id });
      for (const endpoint of (await stripe.webhookEndpoints.list()).data) await stripe.webhookEndpoints.del(endpoint.id);

      const profileId = await waitFor(async () => (await api('/api/v1/customers?email=missed%40poll.example')).body?.data?.[0]?.id as string | undefined, { what: 'the profile, from the poll', timeoutMs: 60_000 });
      const entries = await waitFor(async () => {
        const data = (await api(`/api/v1/customers/${profileId}/events`)).body.data as TimelineEntry[];
        return data.some((e) => e.name === 'Stripe Charge Failed') && data;
      }, { what: 'Stripe Charge Failed from the poll', timeoutMs: 60_000 });
      assert.equal(entries.filter((e) => e.name === 'Stripe Charge Failed').length, 1);
      assert.equal(entries[0]!.properties.id, charge.id);
      const via = await t.db('stripe_event_inbox').where({ type: 'charge.failed' }).pluck('via');
      assert.deepEqual(via, ['poll']);
    } finally {
      await stack.emulator.control('/_emulator/webhooks/config', { paused: false });
    }
  });
});

/** Events that arrive while the first sync runs: whichever finishes first, the end state is Stripe's. */
describe('live Stripe events during the first sync (emulator, real worker and Temporal)', () => {
  const { stack, t } = useFullStack<Merchant>('events-during-sync', { livemode: false, seed: { seed: 11, customers: 150 } });
  const api = (path: string) => t.h.client().get(path, { bearer: t.apiKey });
  const stripeObjects = async <T>(type: string) => (await stack.emulator.get<{ data: T[] }>(`/_emulator/accounts/${stack.merchant.id}/objects?type=${type}`)).data;

  it('changes made in Stripe mid-sync are in the mirror and on the profiles when both are done', async () => {
    // Slow answers keep the sync running while the changes happen.
    await stack.emulator.control('/_emulator/faults', { account: stack.merchant.id, latencyMs: 150 });
    const [sub] = (await stripeObjects<Stripe.Subscription>('subscriptions')).filter((s) => s.status === 'active');
    const [renamed] = await stripeObjects<Stripe.Customer>('customers');
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: stack.merchant.secretKey } });
    assert.equal(res.status, 201, res.text);
    const connectionId = res.body.id as string;
    await waitFor(async () => (await api('/api/v1/integrations/stripe')).body.data[0].sync?.phase !== undefined, { what: 'the sync under way' });
    assert.equal((await api('/api/v1/integrations/stripe')).body.data[0].status, 'syncing');
    await stack.emulator.control(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action: 'subscription.cancel', subscription: sub!.id });
    await stack.emulator.control(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action: 'customer.update', customer: renamed!.id, name: 'Renamed Mid Sync' });
    await stack.emulator.control('/_emulator/faults', { account: stack.merchant.id, latencyMs: 0 });

    await waitFor(async () => (await api('/api/v1/integrations/stripe')).body.data[0].status === 'active', { what: 'the first sync', timeoutMs: 120_000 });
    await waitFor(async () => {
      const pending = await t.db('stripe_event_inbox').where({ connection_id: connectionId, status: 'pending' }).count('* as n');
      return Number(pending[0]!.n) === 0 && Number((await t.db('stripe_event_inbox').where({ connection_id: connectionId }).count('* as n'))[0]!.n) >= 2;
    }, { what: 'the live events processed' });
    const mirrored = await t.db('stripe_subscriptions').where({ connection_id: connectionId, id: sub!.id }).first();
    assert.equal(mirrored.status, 'canceled');
    const profileId = (await t.db('stripe_customer_links').where({ connection_id: connectionId, stripe_customer_id: renamed!.id }).first()).profile_id as string;
    assert.equal((await api(`/api/v1/customers/${profileId}`)).body.traits['stripe.name'], 'Renamed Mid Sync');
    const deleted = (await api(`/api/v1/customers/${(await t.db('stripe_customer_links').where({ connection_id: connectionId, stripe_customer_id: sub!.customer as string }).first()).profile_id as string}/events`)).body.data as TimelineEntry[];
    assert.deepEqual(deleted.filter((e) => e.name === 'Stripe Subscription Deleted').length, 1, 'the cancellation is on the timeline once');
  });
});
