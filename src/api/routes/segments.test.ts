import assert from 'node:assert/strict';
import { createSegmentStore } from '../../db/segment-store';
import { STRIPE_SEGMENTS } from '../../domain/segments';
import { useApiHarness } from '../../../test/support/api/use-api-harness';

describe('segments API', () => {
  const now = new Date('2026-11-25T12:00:00.000Z');
  const t = useApiHarness({ overrides: (db) => ({ segments: createSegmentStore(db, () => now), now: () => now }) });

  const profile = (id: string, traits: Record<string, unknown>, pid = t.projectId) =>
    t.db('profiles').insert({ id, project_id: pid, email: `${id}@example.com`, email_key: `${id}@example.com`, traits: JSON.stringify(traits) });

  before(async () => {
    await profile('p_active_new', { 'stripe.active_subscription': true, 'stripe.created_at': '2026-11-20T08:00:00.000Z' });
    await profile('p_active_old', { 'stripe.active_subscription': true, 'stripe.created_at': '2025-01-01T00:00:00.000Z' });
    await profile('p_inactive_edge', { 'stripe.active_subscription': false, 'stripe.created_at': '2026-10-25T12:00:00.000Z' });
    await profile('p_just_too_old', { 'stripe.created_at': '2026-10-25T11:59:59.999Z' });
    await profile('p_no_stripe', { plan: 'pro', 'stripe.active_subscription_note': 'true' });
  });

  it('lists no segments before Stripe is connected', async () => {
    const res = await t.h.client().get('/api/v1/segments', { bearer: t.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { data: [], nextCursor: null });
  });

  it('lists the Stripe segments with their current counts, once however often they are added', async () => {
    await t.h.deps.segments.ensure(t.projectId, STRIPE_SEGMENTS);
    await t.h.deps.segments.ensure(t.projectId, STRIPE_SEGMENTS);
    const res = await t.h.client().get('/api/v1/segments', { bearer: t.apiKey });
    assert.deepEqual(res.body.data, [
      { key: 'active-stripe-subscribers', name: 'Active Stripe Subscribers', count: 2 },
      { key: 'new-stripe-customers', name: 'New Stripe Customers', count: 2 },
    ]);
  });

  it('lists the members of a segment: created within the past month, boundary included', async () => {
    const res = await t.h.client().get('/api/v1/segments/new-stripe-customers/customers', { bearer: t.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.map((c: { id: string }) => c.id).sort(), ['p_active_new', 'p_inactive_edge']);
    assert.equal(res.body.nextCursor, null);
  });

  it('membership follows the traits as they change, with no recomputation step', async () => {
    await t.db('profiles').where({ id: 'p_active_old' }).update({ traits: t.db.raw(`traits || '{"stripe.active_subscription": false}'::jsonb`) });
    const res = await t.h.client().get('/api/v1/segments/active-stripe-subscribers/customers?limit=1', { bearer: t.apiKey });
    assert.deepEqual(res.body.data.map((c: { id: string }) => c.id), ['p_active_new']);
    assert.equal(res.body.nextCursor, null);
    await t.db('profiles').where({ id: 'p_active_old' }).update({ traits: t.db.raw(`traits || '{"stripe.active_subscription": true}'::jsonb`) });
  });

  it('pages through members', async () => {
    const first = await t.h.client().get('/api/v1/segments/active-stripe-subscribers/customers?limit=1', { bearer: t.apiKey });
    assert.equal(first.body.data.length, 1);
    assert.ok(first.body.nextCursor);
    const second = await t.h.client().get(`/api/v1/segments/active-stripe-subscribers/customers?limit=1&cursor=${first.body.nextCursor}`, { bearer: t.apiKey });
    assert.equal(second.body.data.length, 1);
    assert.notEqual(second.body.data[0].id, first.body.data[0].id);
    assert.equal(second.body.nextCursor, null);
  });

  it('answers 404 for an unknown segment', async () => {
    const res = await t.h.client().get('/api/v1/segments/nope/customers', { bearer: t.apiKey });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });

  it('never counts or lists another project\'s profiles', async () => {
    const other = await t.h.createProject('Other');
    await profile('p_other_active', { 'stripe.active_subscription': true, 'stripe.created_at': '2026-11-24T00:00:00.000Z' }, other.projectId);
    await t.h.deps.segments.ensure(other.projectId, STRIPE_SEGMENTS);
    const theirs = await t.h.client().get('/api/v1/segments', { bearer: other.apiKey });
    assert.deepEqual(theirs.body.data.map((s: { count: number }) => s.count), [1, 1]);
    const members = await t.h.client().get('/api/v1/segments/active-stripe-subscribers/customers', { bearer: other.apiKey });
    assert.deepEqual(members.body.data.map((c: { id: string }) => c.id), ['p_other_active']);
    const mine = await t.h.client().get('/api/v1/segments', { bearer: t.apiKey });
    assert.deepEqual(mine.body.data.map((s: { count: number }) => s.count), [2, 2]);
  });
});
