import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import type { StripeEventEnvelope } from '../domain/stripe-events';
import { createEventInboxStore, type EventInboxStore } from './event-inbox-store';

const event = (id: string, type = 'customer.updated'): StripeEventEnvelope =>
  ({ id, type, created: 1_700_000_000, livemode: false, api_version: '2026-10-28.endive', data: { object: { object: 'customer', id: 'cus_1' } } });

describe('the event inbox', () => {
  let db: Knex;
  let inbox: EventInboxStore;
  before(async () => {
    ({ db } = await createTestDb());
    inbox = createEventInboxStore(db);
  });
  const newConnection = async () => (await createProjectWithConnection(db)).connection.id;

  it('stores an event once per Stripe event id; a redelivery gets the first entry\'s number', async () => {
    const conn = await newConnection();
    const first = await inbox.receive(conn, event('evt_a'), 'webhook', false);
    const again = await inbox.receive(conn, event('evt_a'), 'webhook', false);
    assert.deepEqual(first, { connectionId: conn, seq: 1, duplicate: false });
    assert.deepEqual(again, { connectionId: conn, seq: 1, duplicate: true });
    assert.equal(await inbox.latestSeq(conn), 1, 'a duplicate takes no number');
  });

  it('numbers concurrent deliveries without gaps or repeats, each connection on its own', async () => {
    const [a, b] = [await newConnection(), await newConnection()];
    const ids = Array.from({ length: 40 }, (_, i) => `evt_c${i}`);
    const results = await Promise.all(ids.flatMap((id) => [inbox.receive(a, event(id), 'webhook', false), inbox.receive(b, event(id), 'poll', false)]));
    for (const conn of [a, b]) {
      const seqs = results.filter((r) => r.connectionId === conn).map((r) => r.seq).sort((x, y) => x - y);
      assert.deepEqual(seqs, Array.from({ length: 40 }, (_, i) => i + 1));
    }
    assert.deepEqual((await inbox.pendingAfter(a, 35, 10)).map((e) => e.seq), [36, 37, 38, 39, 40]);
  });

  it('keeps an ignored event without offering it for processing', async () => {
    const conn = await newConnection();
    await inbox.receive(conn, event('evt_i', 'payout.paid'), 'webhook', true);
    await inbox.receive(conn, event('evt_p'), 'webhook', false);
    assert.deepEqual((await inbox.pendingAfter(conn, 0, 10)).map((e) => e.stripeEventId), ['evt_p']);
    assert.deepEqual((await inbox.countsFor([conn])).get(conn), { received: 2, ignored: 1, dead: 0, pending: 1, lastEventAt: new Date(1_700_000_000_000) });
  });

  it('an event that keeps failing is dead after the given attempts, with its last error', async () => {
    const conn = await newConnection();
    const { seq } = await inbox.receive(conn, event('evt_f'), 'webhook', false);
    for (let i = 1; i < 3; i++) assert.deepEqual(await inbox.recordFailure(conn, seq, `boom ${i}`, 3), { attempts: i, dead: false });
    assert.deepEqual(await inbox.recordFailure(conn, seq, 'boom 3', 3), { attempts: 3, dead: true });
    const [dead] = await inbox.listDead(conn);
    assert.equal(dead!.lastError, 'boom 3');
    assert.deepEqual(await inbox.pendingAfter(conn, 0, 10), []);
  });

  it('tells which connections have events their workflow has not processed', async () => {
    const conn = await newConnection();
    await inbox.receive(conn, event('evt_s1'), 'webhook', false);
    await inbox.receive(conn, event('evt_s2'), 'webhook', false);
    assert.ok((await inbox.behind(1_000)).some((b) => b.connectionId === conn && b.seq === 2));
    await inbox.setProcessedSeq(conn, 2);
    await inbox.setProcessedSeq(conn, 1); // a late, older report never moves it back
    assert.ok(!(await inbox.behind(1_000)).some((b) => b.connectionId === conn));
  });

  it('keeps an event for an account nobody connected once', async () => {
    await inbox.keepUnrouted({ ...event('evt_u'), account: 'acct_nobody' });
    await inbox.keepUnrouted({ ...event('evt_u'), account: 'acct_nobody' });
    assert.equal((await db('stripe_unrouted_events').where({ stripe_event_id: 'evt_u' })).length, 1);
  });
});
