import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { STRIPE_SEGMENTS } from '../../domain/segments';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import type { TestClient } from '../../../test/support/api/http-client';
import { applyTestPage, charge, createProjectWithConnection, customer, profileOfCustomer, subscription } from '../../../test/sync/identity-fixtures';

describe('customer pages', () => {
  const t = useApiHarness();
  let browser: TestClient;

  before(async () => {
    ({ client: browser } = await t.h.signedIn(t.projectId, t.apiKey));
    await t.h.deps.segments.ensure(t.projectId, STRIPE_SEGMENTS);
    await t.db('profiles').insert([
      { id: 'prof_grace', project_id: t.projectId, email: 'grace@example.com', email_key: 'grace@example.com',
        traits: JSON.stringify({ 'stripe.customer_id': 'cus_G', 'stripe.name': 'Grace <Hopper>', 'stripe.active_subscription': true, plan: 'navy' }) },
      { id: 'prof_alan', project_id: t.projectId, email: 'alan@example.com', email_key: 'alan@example.com', traits: JSON.stringify({}) },
    ]);
  });

  it('lists customers with their Stripe name and subscription badge, escaped', async () => {
    const res = await browser.get(`/projects/${t.projectId}/customers`);
    assert.equal(res.status, 200);
    assert.match(res.text, /grace@example\.com/);
    assert.match(res.text, /Grace &lt;Hopper&gt;/);
    assert.doesNotMatch(res.text, /<Hopper>/);
    assert.match(res.text, /Active subscription/);
    assert.match(res.text, /Active Stripe Subscribers<span class="n">1<\/span>/);
  });

  it('filters by segment and by email', async () => {
    const seg = await browser.get(`/projects/${t.projectId}/customers?segment=active-stripe-subscribers`);
    assert.match(seg.text, /grace@example\.com/);
    assert.doesNotMatch(seg.text, /alan@example\.com/);
    const byEmail = await browser.get(`/projects/${t.projectId}/customers?email=ALAN@example.com`);
    assert.match(byEmail.text, /alan@example\.com/);
    assert.doesNotMatch(byEmail.text, /grace@example\.com/);
  });

  it('shows a customer\'s Stripe and custom traits', async () => {
    const res = await browser.get(`/projects/${t.projectId}/customers/prof_grace`);
    assert.equal(res.status, 200);
    assert.match(res.text, /data-trait="stripe.customer_id"><td class="mono">stripe.customer_id<\/td><td>cus_G/);
    assert.match(res.text, /data-trait="plan"><td class="mono">plan<\/td><td>navy/);
  });

  it('needs a session, and a customer of this project', async () => {
    assert.equal((await t.h.client().get(`/projects/${t.projectId}/customers/prof_grace`)).status, 302);
    const other = await t.h.createProject('Other');
    const { client } = await t.h.signedIn(other.projectId, other.apiKey);
    const res = await client.get(`/projects/${other.projectId}/customers/prof_grace`);
    assert.equal(res.status, 404);
    assert.match(res.text, /customer prof_grace not found/);
  });

  describe('a Stripe customer\'s page', () => {
    let profileId: string;
    const pageOf = (id = profileId, query = '') => browser.get(`/projects/${t.projectId}/customers/${id}${query}`);
    const item = (html: string, attr: string, id: string) => new RegExp(`<li class="item" ${attr}="${id}">[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
    const entry = (html: string, name: string) => new RegExp(`<li class="entry" data-event-name="${name}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
    const price = (id: string, nickname: string | null, unitAmount: number) =>
      ({ id, nickname, unit_amount: unitAmount, currency: 'usd', recurring: { interval: 'month', interval_count: 1 } });
    const at = (iso: string) => Date.parse(iso) / 1000;

    before(async () => {
      const ctx = await createProjectWithConnection(t.db, { projectId: t.projectId });
      await applyTestPage(t.db, ctx, 'customers', [customer({ id: 'cus_page', email: 'ada@example.com', name: 'Ada <Lovelace>' })]);
      await applyTestPage(t.db, ctx, 'subscriptions', [
        { ...subscription({ id: 'sub_pro', customer: 'cus_page', status: 'active', created: 1_700_000_500 }), currency: 'usd', cancel_at_period_end: false,
          items: { data: [{ price: price('price_pro', 'Pro <monthly>', 4900), quantity: 2, current_period_end: at('2027-01-05T00:00:00Z') }] } },
        { ...subscription({ id: 'sub_old', customer: 'cus_page', status: 'canceled', created: 1_600_000_000 }), currency: 'usd', ended_at: at('2021-03-01T00:00:00Z'),
          items: { data: [{ price: price('price_basic', null, 900), quantity: 1, current_period_end: at('2021-03-01T00:00:00Z') }] } },
      ] as unknown as Stripe.Subscription[]);
      await applyTestPage(t.db, ctx, 'charges', [
        charge({ id: 'ch_partial', customer: 'cus_page', amount: 2000, amount_refunded: 500, refunded: false, description: '<b>Seats</b>', created: 1_700_000_300 }),
        charge({ id: 'ch_failed', customer: 'cus_page', amount: 1500, status: 'failed', failure_message: 'Your card was declined.', created: 1_700_000_200 }),
        charge({ id: 'ch_refunded', customer: 'cus_page', amount: 700, amount_refunded: 700, refunded: true, created: 1_700_000_100 }),
      ]);
      profileId = (await profileOfCustomer(t.db, ctx.scope, 'cus_page'))!.id;
      const record = (name: string, occurredAt: string, properties: Record<string, unknown>, historical = false) =>
        t.h.deps.profileEvents.record({ projectId: t.projectId, profileId, name, source: 'stripe', sourceEventId: `evt_${name.replace(/\W/g, '')}`, occurredAt: new Date(occurredAt), historical, properties });
      await record('Stripe Subscription Created', '2023-11-14T10:00:00Z', { id: 'sub_pro', status: 'active', nickname: 'Pro', amount: 9800, currency: 'usd', interval: 'month', priceIds: ['price_a'] }, true);
      await record('Stripe Subscription Updated', '2026-12-01T09:30:00Z', {
        id: 'sub_pro', status: 'active', nickname: 'Pro', amount: 9800, currency: 'usd', interval: 'month',
        changes: { price: { from: 'price_a', to: 'price_b' }, cancel_at_period_end: { from: false, to: true } },
      });
      await record('Stripe Charge Failed', '2026-12-02T08:00:00Z', { id: 'ch_failed', amount: 1500, currency: 'usd', failureMessage: 'Your card was declined.', failureCode: 'card_declined' });
      await record('Stripe Charge Refunded', '2026-12-03T08:00:00Z', { id: 'ch_partial', amount: 4200, amountRefunded: 1000, currency: 'eur', description: '<script>alert(1)</script>' });
      await record('Stripe Invoice Upcoming', '2026-12-04T08:00:00Z', { amountDue: 123456, currency: 'jpy', nextPaymentAttempt: at('2026-12-11T00:00:00Z'), subscriptionId: 'sub_pro' });
    });

    it('shows the timeline newest first, each entry with its time, source and key properties in words, escaped', async () => {
      const { text } = await pageOf();
      const names = [...text.matchAll(/data-event-name="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(names, ['Stripe Invoice Upcoming', 'Stripe Charge Refunded', 'Stripe Charge Failed', 'Stripe Subscription Updated', 'Stripe Subscription Created']);
      assert.match(entry(text, 'Stripe Invoice Upcoming'), /¥123,456 due · on Dec 11, 2026 · for sub_pro/);
      assert.match(entry(text, 'Stripe Charge Refunded'), /€10\.00 refunded of €42\.00 · &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(text, /<script>alert/);
      const failed = entry(text, 'Stripe Charge Failed');
      assert.match(failed, /\$15\.00 · Your card was declined\. · card_declined/);
      assert.match(failed, /<time datetime="2026-12-02T08:00:00.000Z">Dec 2, 2026, 08:00 UTC<\/time>/);
      assert.match(failed, /Stripe · <span class="mono">evt_StripeChargeFailed<\/span>/);
      const updated = entry(text, 'Stripe Subscription Updated');
      assert.match(updated, /Plan: price_a → price_b/);
      assert.match(updated, /Cancel at period end: no → yes/);
      assert.match(updated, /Now: Pro · \$98\.00 \/ month · active/);
      assert.match(entry(text, 'Stripe Subscription Created'), /data-historical>Historical</);
      assert.doesNotMatch(updated, /data-historical/);
    });

    it('shows the customer\'s subscriptions from the mirror: plan, status, amount, current period end', async () => {
      const { text } = await pageOf();
      const pro = item(text, 'data-subscription-id', 'sub_pro');
      assert.match(pro, /<strong>Pro &lt;monthly&gt;<\/strong>/);
      assert.match(pro, /data-state="active">Active</);
      assert.match(pro, /\$98\.00 \/ month · renews Jan 5, 2027/, 'two seats at $49, the period from the item');
      const old = item(text, 'data-subscription-id', 'sub_old');
      assert.match(old, /<strong>price_basic<\/strong>/, 'a price without nickname goes by its id');
      assert.match(old, /data-state="canceled">Canceled</);
      assert.match(old, /ended Mar 1, 2021/);
      assert.ok(text.indexOf('sub_pro') < text.indexOf('sub_old'), 'newest first');
    });

    it('shows the customer\'s charges: amount, status, refunded amount', async () => {
      const { text } = await pageOf();
      const partial = item(text, 'data-charge-id', 'ch_partial');
      assert.match(partial, /<strong>\$20\.00<\/strong>/);
      assert.match(partial, />Partially refunded</);
      assert.match(partial, /<span data-refunded>\$5\.00 refunded<\/span> · &lt;b&gt;Seats&lt;\/b&gt;/);
      assert.match(item(text, 'data-charge-id', 'ch_failed'), />Failed<[\s\S]*Your card was declined\./);
      assert.match(item(text, 'data-charge-id', 'ch_refunded'), />Refunded<[\s\S]*\$7\.00 refunded/);
    });

    it('pages through a long timeline with an "Older entries" link', async () => {
      const { profile } = await t.h.deps.profiles.identify(t.projectId, { email: 'busy@example.com', traits: {} });
      for (let i = 0; i < 27; i++) {
        await t.h.deps.profileEvents.record({
          projectId: t.projectId, profileId: profile.id, name: `Visit ${i}`, source: 'api', sourceEventId: null,
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)), properties: { page: `/pricing/${i}` },
        });
      }
      const first = (await pageOf(profile.id)).text;
      assert.equal([...first.matchAll(/data-event-name=/g)].length, 25);
      assert.match(entry(first, 'Visit 26'), /page: \/pricing\/26/);
      assert.match(entry(first, 'Visit 26'), /class="meta">API</);
      const older = /href="([^"]+)" data-older/.exec(first)?.[1];
      assert.ok(older, 'a link to older entries');
      const second = (await browser.get(older!.replace(/&amp;/g, '&'))).text;
      assert.deepEqual([...second.matchAll(/data-event-name="([^"]+)"/g)].map((m) => m[1]), ['Visit 1', 'Visit 0']);
      assert.doesNotMatch(second, /data-older/);
      assert.match(second, />← Newest</);
    });

    it('a customer without Stripe data says so', async () => {
      const { text } = await pageOf('prof_alan');
      assert.match(text, /No subscriptions in Stripe\./);
      assert.match(text, /No charges in Stripe\./);
      assert.match(text, /Nothing yet\. Stripe events for this customer appear here as they happen\./);
    });
  });
});
