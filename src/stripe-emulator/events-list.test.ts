import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

const DAY = 86_400;

async function withEvents(emulator: TestEmulator): Promise<TestAccount & { stripe: Stripe }> {
  const account = await createAccount(emulator);
  const trigger = (action: string, params: object = {}) => emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action, ...params });
  const { object: customer } = await trigger('customer.create');
  for (let i = 0; i < 4; i++) {
    await emulator.post('/_emulator/clock/advance', { seconds: 60 });
    const { object: charge } = await trigger('charge.succeed', { customer: customer.id });
    // One request, two events in the same second: ties keep creation order.
    await trigger('charge.refund', { charge: charge.id, amount: 500 });
    await trigger('customer.update', { customer: customer.id });
  }
  return account;
}

describe('stripe emulator: GET /v1/events lists the last 30 days as Stripe does', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let all: Stripe.Event[];

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await withEvents(emulator);
    all = (await emulator.get(`/_emulator/accounts/${account.id}/objects?type=events`)).data;
  });
  after(() => emulator.close());

  const ids = (events: Stripe.Event[]) => events.map((e) => e.id);
  const listAll = async (params: Stripe.EventListParams) => ids(await account.stripe.events.list({ limit: 100, ...params }).autoPagingToArray({ limit: 1000 }));

  it('lists newest first, ties in one second in reverse creation order', async () => {
    assert.equal(all.length, 1 + 4 * 4);
    const listed = await account.stripe.events.list({ limit: 100 });
    assert.deepEqual(ids(listed.data), ids(all));
    const created = listed.data.map((e) => e.created);
    assert.deepEqual(created, [...created].sort((a, b) => b - a));
    const refundPair = listed.data.findIndex((e) => e.type === 'refund.created');
    assert.equal(listed.data[refundPair + 1]!.type, 'charge.refunded', 'the later event of the same second comes first');
    assert.equal(listed.data[refundPair + 1]!.created, listed.data[refundPair]!.created);
  });

  it('pages with limit, starting_after (older) and ending_before (newer)', async () => {
    const first = await account.stripe.events.list({ limit: 5 });
    assert.deepEqual(ids(first.data), ids(all.slice(0, 5)));
    assert.equal(first.has_more, true);
    const next = await account.stripe.events.list({ limit: 5, starting_after: all[4]!.id });
    assert.deepEqual(ids(next.data), ids(all.slice(5, 10)));
    const newer = await account.stripe.events.list({ limit: 3, ending_before: all[10]!.id });
    assert.deepEqual(ids(newer.data), ids(all.slice(7, 10)));
    assert.equal(newer.has_more, true);
    const last = await account.stripe.events.list({ limit: 100, starting_after: all[all.length - 2]!.id });
    assert.deepEqual([ids(last.data), last.has_more], [[all[all.length - 1]!.id], false]);
    assert.deepEqual(await listAll({ limit: 4 }), ids(all), 'auto-pagination walks every event once');
  });

  it('created[gte|gt|lte|lt] bound the list, inclusive or exclusive as asked', async () => {
    const seconds = [...new Set(all.map((e) => e.created))].sort((a, b) => a - b);
    const [low, high] = [seconds[1]!, seconds[3]!];
    const within = (test: (t: number) => boolean) => ids(all.filter((e) => test(e.created)));
    assert.deepEqual(await listAll({ created: { gte: low, lte: high } }), within((t) => t >= low && t <= high));
    assert.deepEqual(await listAll({ created: { gt: low, lt: high } }), within((t) => t > low && t < high));
    assert.deepEqual(await listAll({ created: { lt: low } }), within((t) => t < low));
    assert.deepEqual(await listAll({ created: high }), within((t) => t === high));
  });

  it('type takes a name or a group.*, types[] several names', async () => {
    const ofTypes = (...types: string[]) => ids(all.filter((e) => types.includes(e.type)));
    assert.deepEqual(await listAll({ type: 'charge.refunded' }), ofTypes('charge.refunded'));
    assert.deepEqual(await listAll({ type: 'customer.*' }), ofTypes('customer.created', 'customer.updated'));
    assert.deepEqual(await listAll({ types: ['refund.created', 'charge.succeeded'] }), ofTypes('refund.created', 'charge.succeeded'));
    const since = all[6]!.created;
    assert.deepEqual(
      await listAll({ type: 'charge.refunded', created: { gte: since } }),
      ids(all.filter((e) => e.type === 'charge.refunded' && e.created >= since)),
      'filters combine',
    );
  });

  it('events older than 30 days are neither listed nor retrievable, even when created asks for them', async () => {
    const own = await startTestEmulator({ rateLimits: false });
    try {
      const merchant = await withEvents(own);
      const events: Stripe.Event[] = (await own.get(`/_emulator/accounts/${merchant.id}/objects?type=events`)).data;
      const oldest = events[events.length - 1]!;
      const newest = events[0]!;
      // The oldest event turns 30 days old plus a second; the newest stays within the window.
      await own.post('/_emulator/clock/advance', { to: oldest.created + 30 * DAY + 1 });
      const listed = ids(await merchant.stripe.events.list({ limit: 100, created: { gte: 0 } }).autoPagingToArray({ limit: 1000 }));
      assert.ok(!listed.includes(oldest.id));
      assert.ok(listed.includes(newest.id));
      assert.deepEqual(listed, ids(events.filter((e) => e.created >= oldest.created + 1)));
      await assert.rejects(merchant.stripe.events.retrieve(oldest.id), { statusCode: 404, code: 'resource_missing' });
      assert.equal((await merchant.stripe.events.retrieve(newest.id)).id, newest.id);
    } finally {
      await own.close();
    }
  });
});
