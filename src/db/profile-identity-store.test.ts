import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { createTestDb } from '../../test/support/postgres';
import {
  applyTestPage, charge, createProjectWithConnection, customer, profileOfCustomer, profiles, stripeKeys, subscription,
} from '../../test/sync/identity-fixtures';
import { createProfileObjectsStore } from './profile-objects-store';
import { createProjectStore } from './project-store';

describe('the identity rules', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('one profile for emails that differ only in case and whitespace; traits from the newest customer', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [
      customer({ id: 'cus_a1', email: 'Ann@Example.com', name: 'Old Ann', created: 100, metadata: { tier: 'gold' } }),
      customer({ id: 'cus_a2', email: '  ann@example.COM ', name: 'New Ann', created: 200 }),
    ]);
    const [profile, ...others] = await profiles(db, ctx.scope.projectId);
    assert.equal(others.length, 0);
    assert.equal(profile!.email_key, 'ann@example.com');
    assert.equal(profile!.email, 'ann@example.COM', 'display email from the newest customer, trimmed');
    assert.equal(profile!.traits['stripe.customer_id'], 'cus_a2');
    assert.equal(profile!.traits['stripe.name'], 'New Ann');
    assert.equal(profile!.traits['stripe.metadata.tier'], undefined, 'no mixing of fields between customers');
  });

  it('a customer without email gets its own profile, which merges into the email profile when it gains that email', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_b1', email: 'bea@example.com', created: 100 })]);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_b2', email: null, created: 300, name: 'Bea' })]);
    const anonymous = (await profileOfCustomer(db, ctx.scope, 'cus_b2'))!;
    assert.equal(anonymous.external_key, 'stripe_customer:cus_b2');
    assert.equal(anonymous.email_key, null);
    await db('profiles').where({ id: anonymous.id }).update({ traits: db.raw(`traits || '{"plan":"trial","seen":1}'::jsonb`) });
    await db('profile_events').insert({ id: 'pev_b', project_id: ctx.scope.projectId, profile_id: anonymous.id, type: 'page_viewed', source: 'app', occurred_at: new Date() });
    const named = (await profileOfCustomer(db, ctx.scope, 'cus_b1'))!;
    await db('profiles').where({ id: named.id }).update({ traits: db.raw(`traits || '{"plan":"pro"}'::jsonb`) });

    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_b2', email: 'BEA@example.com', created: 300, name: 'Bea' })]);

    const all = await profiles(db, ctx.scope.projectId);
    assert.deepEqual(all.map((p) => p.id), [named.id], 'the anonymous profile merged away');
    const merged = all[0]!;
    assert.equal(merged.traits['stripe.customer_id'], 'cus_b2', 'newest customer');
    assert.equal(merged.traits.plan, 'pro', "the email profile's own trait wins");
    assert.equal(merged.traits.seen, 1, "the anonymous profile's traits come along");
    assert.equal((await db('profile_events').where({ id: 'pev_b' }).first()).profile_id, named.id, 'events move too');
    assert.equal((await db('stripe_customer_links').where({ profile_id: named.id })).length, 2);
  });

  it('a customer gaining an email nobody has keeps its profile, now keyed by email', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_c1' })]);
    const before = (await profileOfCustomer(db, ctx.scope, 'cus_c1'))!;
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_c1', email: ' Cy@Example.com' })]);
    const after = (await profileOfCustomer(db, ctx.scope, 'cus_c1'))!;
    assert.equal(after.id, before.id);
    assert.deepEqual([after.email, after.email_key, after.external_key], ['Cy@Example.com', 'cy@example.com', null]);
  });

  it('an email change moves the link; the old profile keeps its own traits and loses stripe.*', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_d1', email: 'dan@old.example', name: 'Dan' })]);
    const old = (await profileOfCustomer(db, ctx.scope, 'cus_d1'))!;
    await db('profiles').where({ id: old.id }).update({ traits: db.raw(`traits || '{"nps":9}'::jsonb`) });
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_d1', email: 'dan@new.example', name: 'Dan' })]);
    const moved = (await profileOfCustomer(db, ctx.scope, 'cus_d1'))!;
    assert.notEqual(moved.id, old.id);
    assert.equal(moved.email_key, 'dan@new.example');
    assert.equal(moved.traits['stripe.email'], 'dan@new.example');
    const left = (await db('profiles').where({ id: old.id }).first())!;
    assert.deepEqual(left.traits, { nps: 9 });
  });

  it('a deleted customer loses its link and its profile loses stripe.* but keeps the rest', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_e1', email: 'eve@example.com' })]);
    const profile = (await profileOfCustomer(db, ctx.scope, 'cus_e1'))!;
    await db('profiles').where({ id: profile.id }).update({ traits: db.raw(`traits || '{"vip":true}'::jsonb`) });
    await applyTestPage(db, ctx, 'customers', [{ id: 'cus_e1', object: 'customer', deleted: true }]);
    assert.equal(await profileOfCustomer(db, ctx.scope, 'cus_e1'), undefined);
    assert.deepEqual((await db('profiles').where({ id: profile.id }).first()).traits, { vip: true });
  });

  it('active_subscription is true when any linked customer, in any connection or mode, has an active, trialing or past_due one', async () => {
    const test = await createProjectWithConnection(db, { accountId: 'acct_same' });
    const live = await createProjectWithConnection(db, { accountId: 'acct_same', livemode: true, projectId: test.scope.projectId });
    await applyTestPage(db, test, 'customers', [customer({ id: 'cus_f_test', email: 'fay@example.com', created: 500 })]);
    await applyTestPage(db, live, 'customers', [customer({ id: 'cus_f_live', email: 'FAY@example.com', created: 100 })]);
    const traits = async () => (await profileOfCustomer(db, test.scope, 'cus_f_test'))!.traits;
    assert.equal((await traits())['stripe.active_subscription'], false);
    for (const status of ['canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'paused'] as const) {
      await applyTestPage(db, live, 'subscriptions', [subscription({ id: 'sub_f', customer: 'cus_f_live', status })]);
      assert.equal((await traits())['stripe.active_subscription'], false, status);
    }
    for (const status of ['active', 'trialing', 'past_due'] as const) {
      await applyTestPage(db, live, 'subscriptions', [subscription({ id: 'sub_f', customer: 'cus_f_live', status })]);
      assert.equal((await traits())['stripe.active_subscription'], true, status);
    }
    assert.equal((await traits())['stripe.customer_id'], 'cus_f_test', 'fields still from the newest (test) customer');
    const sub = await db('stripe_subscriptions').where({ id: 'sub_f' }).first();
    assert.equal(sub.profile_id, (await profileOfCustomer(db, test.scope, 'cus_f_test'))!.id, 'subscription linked to the profile');
  });

  it('a subscription read before its customer still counts once the customer is linked', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'subscriptions', [subscription({ id: 'sub_g', customer: 'cus_g', status: 'trialing' })]);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_g', email: 'gus@example.com' })]);
    const profile = (await profileOfCustomer(db, ctx.scope, 'cus_g'))!;
    assert.equal(profile.traits['stripe.active_subscription'], true);
    assert.equal((await db('stripe_subscriptions').where({ id: 'sub_g' }).first()).profile_id, profile.id);
  });

  it('a charge without a customer matches by billing email, then receipt email, else stays unmatched', async () => {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'charges', [
      charge({ id: 'ch_h1', billing_details: { email: ' HAL@example.com' } as Stripe.Charge.BillingDetails }),
      charge({ id: 'ch_h2', receipt_email: 'hal@EXAMPLE.com' }),
      charge({ id: 'ch_h3', receipt_email: 'nobody@example.com' }),
      charge({ id: 'ch_h4' }),
      charge({ id: 'ch_h5', customer: 'cus_h' }),
    ]);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_h', email: 'hal@example.com' })]);
    const profile = (await profileOfCustomer(db, ctx.scope, 'cus_h'))!;
    const owner = async (id: string) => (await db('stripe_charges').where({ id }).first()).profile_id;
    assert.equal(await owner('ch_h1'), profile.id);
    assert.equal(await owner('ch_h2'), profile.id);
    assert.equal(await owner('ch_h5'), profile.id);
    assert.equal(await createProfileObjectsStore(db).countUnmatchedCharges(ctx.scope.connectionId), 2);
  });

  it('leaves traits that did not come from Stripe alone, and writes nothing when nothing changed', async () => {
    const ctx = await createProjectWithConnection(db);
    const page = [customer({ id: 'cus_i', email: 'ivy@example.com', name: 'Ivy', metadata: { a: '1' } })];
    await applyTestPage(db, ctx, 'customers', page);
    const profile = (await profileOfCustomer(db, ctx.scope, 'cus_i'))!;
    await db('profiles').where({ id: profile.id }).update({ traits: db.raw(`traits || '{"favourite":"tea"}'::jsonb`) });
    const before = (await db('profiles').where({ id: profile.id }).first())!;
    await applyTestPage(db, ctx, 'customers', page);
    const same = (await db('profiles').where({ id: profile.id }).first())!;
    assert.equal(same.updated_at.getTime(), before.updated_at.getTime(), 'an unchanged page is not a write');
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_i', email: 'ivy@example.com', name: '', metadata: {} })]);
    const cleared = (await db('profiles').where({ id: profile.id }).first())!;
    assert.deepEqual(stripeKeys(cleared.traits), ['stripe.active_subscription', 'stripe.created_at', 'stripe.customer_id', 'stripe.email']);
    assert.equal(cleared.traits.favourite, 'tea');
  });

  it('a product-created profile with the same email is the one the customer joins', async () => {
    const ctx = await createProjectWithConnection(db);
    const { id } = (await db('profiles').insert({ id: 'prof_j', project_id: ctx.scope.projectId, email: 'Jo@Example.com', email_key: 'jo@example.com', traits: { source: 'app' } }).returning('id'))[0];
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_j', email: 'jo@example.com' })]);
    assert.equal((await profileOfCustomer(db, ctx.scope, 'cus_j'))!.id, id);
    assert.equal((await profiles(db, ctx.scope.projectId)).length, 1);
    assert.ok(await createProjectStore(db).get(ctx.scope.projectId));
  });
});
