import assert from 'node:assert/strict';
import { expectedProfiles } from '../sync/oracle';
import { connect, rawObjects, runSync, startInProcessWorker, startSyncEnv, type EmulatedAccount, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles, type SyncedProfile } from '../sync/synced-state';
import { waitFor } from '../support/wait';

interface Made { id: string; created: number }

const ALL_STATUSES = ['active', 'trialing', 'past_due', 'canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'paused'];
const ACTIVE_STATUSES = ['active', 'trialing', 'past_due'];

/**
 * Hand-written expectations for the identity rules' edge cases, on customers made one by one
 * through the emulator's triggers, across a first sync and a resync after changes in Stripe.
 */
describe('first sync and resync: golden profiles for the edge cases', () => {
  let env: SyncEnv;
  let account: EmulatedAccount;
  const trigger = async (action: string, params: Record<string, unknown> = {}) =>
    (await env.emulator.control<{ object: Made }>(`/_emulator/accounts/${account.id}/trigger`, { action, ...params })).object;
  /** Customers whose order matters must differ in `created`: wait for the emulator's next second. */
  const nextSecond = async () => {
    const { now } = await env.emulator.get<{ now: number }>('/_emulator/clock');
    await waitFor(async () => (await env.emulator.get<{ now: number }>('/_emulator/clock')).now > now, { intervalMs: 50, what: 'the next second' });
  };
  const iso = (c: Made) => new Date(c.created * 1000).toISOString();

  before(async () => {
    env = await startSyncEnv();
    await startInProcessWorker(env);
    account = await env.emulator.control<EmulatedAccount>('/_emulator/accounts', { livemode: false });
  });

  it('gets every identity rule right, then follows email changes, merges, deletions and cleared fields', async () => {
    const dupOld = await trigger('customer.create', { email: 'Gold.Dup@Example.com', name: 'Older Dup', metadata: { plan: 'basic' } });
    const target = await trigger('customer.create', { email: 'target@example.com', name: 'Target' });
    await nextSecond();
    const dupNew = await trigger('customer.create', { email: '  gold.dup@example.COM ', name: 'Newer Dup', phone: '+1 555 0100' });
    const anonymous = await trigger('customer.create', { name: 'No Email Yet' });
    const changer = await trigger('customer.create', { email: 'changer@old.example', name: 'Changer' });
    const doomed = await trigger('customer.create', { email: 'doomed@example.com', name: 'Doomed' });
    const meta = await trigger('customer.create', { email: 'meta@example.com', name: 'Meta', description: 'Has metadata', metadata: { 'crm.id': '42', plan: 'pro', ünï: 'çødé' } });
    const cleared = await trigger('customer.create', { email: 'cleared@example.com', name: 'Clear Me', phone: '+1 555 0199', description: 'to be cleared' });
    const byStatus: Record<string, Made> = {};
    for (const status of ALL_STATUSES) {
      byStatus[status] = await trigger('customer.create', { email: `status-${status}@example.com` });
      await trigger('subscription.create', { customer: byStatus[status]!.id, status });
    }
    const guestMatched = await trigger('charge.succeed', { email: ' GOLD.DUP@example.com ' });
    const receiptMatched = await trigger('charge.succeed', { receiptEmail: 'meta@EXAMPLE.com' });
    const guestUnmatched = await trigger('charge.succeed', { email: 'stranger@nowhere.example' });
    await trigger('charge.fail', { customer: meta.id });

    const connection = await connect(env, account, { mode: 'api_key' });
    const first = await runSync(env, connection);
    assert.equal(first.counts.customers, 7 + 1 + ALL_STATUSES.length);
    assert.equal(first.counts.subscriptions, ALL_STATUSES.length);
    assert.equal(first.counts.charges, 4);
    assert.equal(first.counts.unmatchedCharges, 1, 'only the stranger’s charge');

    let profiles = await syncedProfiles(env.db, connection.projectId);
    const profile = (key: string): SyncedProfile => {
      const p = profiles.get(key);
      assert.ok(p, `no profile ${key}; have ${[...profiles.keys()].join(', ')}`);
      return p;
    };
    assert.deepEqual(profile('email:gold.dup@example.com').traits, {
      'stripe.customer_id': dupNew.id, 'stripe.created_at': iso(dupNew), 'stripe.name': 'Newer Dup', 'stripe.email': 'gold.dup@example.COM',
      'stripe.phone': '+1 555 0100', 'stripe.active_subscription': false,
    }, 'duplicate emails in other case: one profile, fields from the newest customer only');
    assert.equal(profile('email:gold.dup@example.com').email, 'gold.dup@example.COM');
    assert.deepEqual(profile('email:gold.dup@example.com').customerIds, [dupNew.id, dupOld.id].sort());
    assert.deepEqual(profile(`external:stripe_customer:${anonymous.id}`).traits, {
      'stripe.customer_id': anonymous.id, 'stripe.created_at': iso(anonymous), 'stripe.name': 'No Email Yet', 'stripe.active_subscription': false,
    }, 'no email: keyed by the customer id');
    assert.deepEqual(profile('email:meta@example.com').traits, {
      'stripe.customer_id': meta.id, 'stripe.created_at': iso(meta), 'stripe.name': 'Meta', 'stripe.email': 'meta@example.com',
      'stripe.description': 'Has metadata', 'stripe.metadata.crm.id': '42', 'stripe.metadata.plan': 'pro', 'stripe.metadata.ünï': 'çødé',
      'stripe.active_subscription': false,
    }, 'metadata keys, flat and dotted');
    for (const status of ALL_STATUSES) {
      assert.equal(profile(`email:status-${status}@example.com`).traits['stripe.active_subscription'], ACTIVE_STATUSES.includes(status), status);
    }
    const chargeOwner = async (id: string) => (await env.db('stripe_charges').where({ connection_id: connection.id, id }).first()).profile_id;
    assert.equal(await chargeOwner(guestMatched.id), profile('email:gold.dup@example.com').id, 'guest charge matched by billing email');
    assert.equal(await chargeOwner(receiptMatched.id), profile('email:meta@example.com').id, 'guest charge matched by receipt email');
    assert.equal(await chargeOwner(guestUnmatched.id), null);

    // Changes in Stripe, and data of the product's own, before the resync.
    await env.db('profiles').where({ id: profile('email:changer@old.example').id }).update({ traits: env.db.raw(`traits || '{"source":"app"}'::jsonb`) });
    await env.db('profile_events').insert({
      id: 'pev_golden', project_id: connection.projectId, profile_id: profile(`external:stripe_customer:${anonymous.id}`).id,
      type: 'page_viewed', source: 'app', occurred_at: new Date(),
    });
    await trigger('customer.update', { customer: anonymous.id, email: ' Target@Example.com ' });
    await trigger('customer.update', { customer: changer.id, email: 'changer@new.example' });
    await trigger('customer.delete', { customer: doomed.id });
    await trigger('customer.update', { customer: cleared.id, name: '', phone: '', description: '' });

    const second = await runSync(env, connection);
    assert.equal(second.counts.customers, first.counts.customers - 1);
    profiles = await syncedProfiles(env.db, connection.projectId);

    assert.equal(profiles.has(`external:stripe_customer:${anonymous.id}`), false, 'the anonymous profile merged away');
    assert.deepEqual(profile('email:target@example.com').customerIds, [anonymous.id, target.id].sort());
    assert.equal(profile('email:target@example.com').email, 'Target@Example.com');
    assert.deepEqual(profile('email:target@example.com').traits, {
      'stripe.customer_id': anonymous.id, 'stripe.created_at': iso(anonymous), 'stripe.name': 'No Email Yet', 'stripe.email': 'Target@Example.com',
      'stripe.active_subscription': false,
    }, 'no email then email: merged, fields from the newest customer');
    assert.equal((await env.db('profile_events').where({ id: 'pev_golden' }).first()).profile_id, profile('email:target@example.com').id, 'events follow the merge');

    assert.deepEqual(profile('email:changer@old.example').traits, { source: 'app' }, 'email change: the old profile keeps its own traits only');
    assert.deepEqual(profile('email:changer@old.example').customerIds, []);
    assert.deepEqual(profile('email:changer@new.example').traits, {
      'stripe.customer_id': changer.id, 'stripe.created_at': iso(changer), 'stripe.name': 'Changer', 'stripe.email': 'changer@new.example',
      'stripe.active_subscription': false,
    });
    assert.deepEqual(profile('email:doomed@example.com').traits, {}, 'deleted customer: unlinked, stripe traits gone');
    assert.deepEqual(profile('email:doomed@example.com').customerIds, []);
    assert.deepEqual(profile('email:cleared@example.com').traits, {
      'stripe.customer_id': cleared.id, 'stripe.created_at': iso(cleared), 'stripe.email': 'cleared@example.com', 'stripe.active_subscription': false,
    }, 'cleared fields: absent, never "null"');

    // And the oracle agrees on every linked profile.
    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    const linked = [...profiles.values()].filter((p) => p.customerIds.length > 0);
    assert.deepEqual(linked.map((p) => p.key).sort(), [...expected.profiles.keys()].sort());
    for (const p of linked) assert.deepEqual(p.traits, expected.profiles.get(p.key)!.traits, p.key);
    assert.deepEqual(second.counts, expected.counts);
  });
});
