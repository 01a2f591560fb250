import assert from 'node:assert/strict';
import { STRIPE_SEGMENTS } from '../../domain/segments';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import type { TestClient } from '../../../test/support/api/http-client';

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
});
