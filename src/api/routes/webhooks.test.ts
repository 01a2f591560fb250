import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { testConfig } from '../../../test/support/config';
import { createEncryptor } from '../../security/encryption';
import { createConnectionStore } from '../../db/connection-store';
import { createProjectStore } from '../../db/project-store';
import { connectStripe } from '../commands/connect-stripe';

const PLATFORM_SECRETS = ['whsec_platformcurrent', 'whsec_platformprevious'];

/** The Connect platform's endpoint: one Stripe event, every connection of its account and mode. */
describe('POST /webhooks/stripe (the Connect platform endpoint)', () => {
  const config = testConfig({ stripe: { webhookSecrets: PLATFORM_SECRETS } });
  const t = useApiHarness({ config });
  const account = 'acct_shared1';

  const connect = async (projectName: string, livemode = false) => {
    const { project } = await createProjectStore(t.db).create(projectName);
    const { connection } = await createConnectionStore(t.db, createEncryptor(config.encryptionKey!)).upsert({
      projectId: project.id, stripeAccountId: account, livemode, mode: 'oauth', credentials: {},
    });
    return connection;
  };
  const deliver = (event: Record<string, unknown>, secret = PLATFORM_SECRETS[0]!) => {
    const raw = JSON.stringify(event);
    return t.h.client().post('/webhooks/stripe', { raw, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: raw, secret }) } });
  };
  const event = (id: string, over: Record<string, unknown> = {}) => ({
    id, object: 'event', type: 'customer.updated', created: Math.floor(Date.now() / 1000), livemode: false, account,
    api_version: '2026-10-28.endive', data: { object: { object: 'customer', id: 'cus_1' } }, ...over,
  });
  const inboxOf = (connectionId: string) => t.db('stripe_event_inbox').where({ connection_id: connectionId }).orderBy('seq');

  it('two projects connected to one account both get the event, once each, and both are woken', async () => {
    const [a, b, live] = [await connect('A'), await connect('B'), await connect('Live', true)];
    const res = await deliver(event('evt_shared_1'));
    assert.equal(res.status, 200);
    assert.equal((await inboxOf(a.id)).length, 1);
    assert.equal((await inboxOf(b.id)).length, 1);
    assert.equal((await inboxOf(live.id)).length, 0, 'a test-mode event is not the live connection\'s');
    await t.h.deps.accountWaker.idle();
    assert.deepEqual(t.h.orchestrator.wakes.filter((w) => w.connectionId === a.id || w.connectionId === b.id).map((w) => w.seq), [1, 1]);

    const wakesBefore = t.h.orchestrator.wakes.length;
    assert.equal((await deliver(event('evt_shared_1'), PLATFORM_SECRETS[1])).status, 200, 'a redelivery, signed with the previous secret');
    await t.h.deps.accountWaker.idle();
    assert.equal((await inboxOf(a.id)).length, 1);
    assert.equal(t.h.orchestrator.wakes.length, wakesBefore, 'a duplicate wakes nothing');
  });

  it('an event for an account nobody connected is acknowledged and kept aside', async () => {
    const res = await deliver(event('evt_nobody', { account: 'acct_nobodyhere' }));
    assert.equal(res.status, 200);
    assert.equal((await t.db('stripe_unrouted_events').where({ stripe_event_id: 'evt_nobody' })).length, 1);
  });

  it('a disconnected connection keeps the event as ignored and its workflow is not woken', async () => {
    const { project } = await createProjectStore(t.db).create('Gone');
    const store = createConnectionStore(t.db, createEncryptor(config.encryptionKey!));
    const { connection } = await store.upsert({ projectId: project.id, stripeAccountId: 'acct_gone1', livemode: false, mode: 'oauth', credentials: {} });
    await store.move(connection.id, 'disconnected');
    const wakesBefore = t.h.orchestrator.wakes.length;
    assert.equal((await deliver(event('evt_gone', { account: 'acct_gone1' }))).status, 200);
    assert.deepEqual((await inboxOf(connection.id)).map((r: { status: string }) => r.status), ['ignored']);
    await t.h.deps.accountWaker.idle();
    assert.equal(t.h.orchestrator.wakes.length, wakesBefore);
  });

  it('reconnecting replays what a disconnected connection kept, and only that', async () => {
    const { project } = await createProjectStore(t.db).create('Back');
    const store = createConnectionStore(t.db, createEncryptor(config.encryptionKey!));
    const grant = { stripeAccountId: 'acct_back1', livemode: false, mode: 'oauth' as const, credentials: {}, scope: null, accountName: null };
    const { connection } = await store.upsert({ projectId: project.id, ...grant });
    await store.move(connection.id, 'disconnected');
    await deliver(event('evt_while_away', { account: 'acct_back1' }));
    await deliver(event('evt_unused_away', { account: 'acct_back1', type: 'payout.paid' }));
    await connectStripe(t.h.deps, project.id, grant);
    const rows = await inboxOf(connection.id);
    assert.deepEqual(rows.map((r: { stripe_event_id: string; status: string; seq: string }) => [r.stripe_event_id, r.status, Number(r.seq)]), [
      ['evt_unused_away', 'ignored', 2], ['evt_while_away', 'pending', 3],
    ]);
    await t.h.deps.accountWaker.idle();
    assert.deepEqual(t.h.orchestrator.wakes.at(-1), { connectionId: connection.id, seq: 3 });
  });

  it('refuses a forged signature with 400 and stores nothing', async () => {
    const before = Number((await t.db('stripe_event_inbox').count('* as n'))[0]!.n);
    const res = await deliver(event('evt_forged'), 'whsec_attacker');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'invalid_signature');
    assert.equal(Number((await t.db('stripe_event_inbox').count('* as n'))[0]!.n), before);
  });
});
