import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import type { NewProfileEvent } from '../domain/profile';
import { createProfileEventStore, type ProfileEventStore } from './profile-event-store';
import { createProfileStore } from './profile-store';

describe('profile events: each profile\'s timeline', () => {
  let db: Knex;
  let events: ProfileEventStore;
  before(async () => {
    ({ db } = await createTestDb());
    events = createProfileEventStore(db);
  });

  async function profileWithProject(email: string) {
    const { scope } = await createProjectWithConnection(db);
    const { profile } = await createProfileStore(db).identify(scope.projectId, { email, traits: {} });
    return profile;
  }

  const stripeEvent = (p: { projectId: string; id: string }, n: number, over: Partial<NewProfileEvent> = {}): NewProfileEvent => ({
    projectId: p.projectId, profileId: p.id, name: 'Stripe Charge Succeeded', source: 'stripe', sourceEventId: `evt_${n}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), properties: { amount: n * 100 }, ...over,
  });

  it('records a Stripe event once however often it is delivered', async () => {
    const p = await profileWithProject('once@x.io');
    const first = await events.record(stripeEvent(p, 1));
    const again = await events.record(stripeEvent(p, 1, { properties: { amount: 999 } }));
    assert.equal(first.created, true);
    assert.equal(again.created, false);
    assert.equal(again.event.id, first.event.id, 'the redelivery returns the entry recorded first');
    assert.deepEqual(again.event.properties, { amount: 100 });
    assert.equal((await events.listForProfile(p.projectId, p.id, { limit: 10 })).data.length, 1);
  });

  it('keeps one event id per source: the same id from another source is another entry', async () => {
    const p = await profileWithProject('sources@x.io');
    await events.record(stripeEvent(p, 1));
    assert.equal((await events.record(stripeEvent(p, 1, { source: 'automation', name: 'Email Sent' }))).created, true);
    assert.equal((await events.record(stripeEvent(p, 2, { sourceEventId: null }))).created, true);
    assert.equal((await events.record(stripeEvent(p, 2, { sourceEventId: null }))).created, true, 'no source id: always new');
  });

  it('lists the timeline newest first, page by page, with historical entries flagged', async () => {
    const p = await profileWithProject('timeline@x.io');
    for (let n = 1; n <= 7; n++) await events.record(stripeEvent(p, n, { historical: n <= 2 }));
    // two entries at the same instant are ordered by id, and neither is skipped across pages
    await events.record(stripeEvent(p, 5, { sourceEventId: 'evt_5b' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await events.listForProfile(p.projectId, p.id, { limit: 3, cursor });
      assert.ok(page.data.length <= 3);
      seen.push(...page.data.map((e) => e.sourceEventId!));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 8);
    assert.deepEqual(seen.slice(0, 2), ['evt_7', 'evt_6']);
    assert.deepEqual(new Set(seen.slice(2, 4)), new Set(['evt_5', 'evt_5b']));
    assert.deepEqual(seen.slice(4), ['evt_4', 'evt_3', 'evt_2', 'evt_1']);
    const oldest = (await events.listForProfile(p.projectId, p.id, { limit: 8 })).data.at(-1)!;
    assert.equal(oldest.historical, true);
    assert.equal(oldest.name, 'Stripe Charge Succeeded');
  });

  it('shows a project only its own profiles\' events and refuses a cursor it did not issue', async () => {
    const p = await profileWithProject('mine@x.io');
    await events.record(stripeEvent(p, 1));
    assert.deepEqual((await events.listForProfile('proj_other', p.id, { limit: 10 })).data, []);
    await assert.rejects(events.listForProfile(p.projectId, p.id, { limit: 10, cursor: 'bm90IGEgY3Vyc29y' }), /cursor: is not a cursor/);
  });
});
