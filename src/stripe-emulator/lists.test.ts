import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

describe('stripe emulator: lists behave as Stripe lists', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let oracle: { id: string; created: number; deleted?: boolean }[];

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator, { seed: 7, customers: 450 });
    oracle = (await emulator.get(`/_emulator/accounts/${account.id}/objects?type=customers&includeDeleted=true`)).data;
  });
  after(() => emulator.close());

  const live = () => oracle.filter((c) => !c.deleted);

  it('auto-pagination returns exactly the seeded customers, newest first, deleted ones left out', async () => {
    const ids: string[] = [];
    for await (const customer of account.stripe.customers.list({ limit: 100 })) ids.push(customer.id);
    assert.ok(oracle.some((c) => c.deleted), 'the seed has deleted customers');
    assert.deepEqual(ids, live().map((c) => c.id));
    const createds = live().map((c) => c.created);
    assert.deepEqual(createds, [...createds].sort((a, b) => b - a));
  });

  it('a deleted customer is retrieved as a deleted stub', async () => {
    const deleted = oracle.find((c) => c.deleted)!;
    assert.deepEqual(await account.stripe.customers.retrieve(deleted.id), { id: deleted.id, object: 'customer', deleted: true });
  });

  it('created ranges are inclusive or exclusive as asked, and created=<ts> is one second', async () => {
    const sorted = live();
    const upper = sorted[20]!.created;
    const lower = sorted[120]!.created;
    const within = (test: (t: number) => boolean) => sorted.filter((c) => test(c.created)).map((c) => c.id);
    const list = async (created: Stripe.RangeQueryParam | number) =>
      (await account.stripe.customers.list({ limit: 100, created }).autoPagingToArray({ limit: 1000 })).map((c) => c.id);
    assert.deepEqual(await list({ gte: lower, lt: upper }), within((t) => t >= lower && t < upper));
    assert.deepEqual(await list({ gt: lower, lte: upper }), within((t) => t > lower && t <= upper));
    assert.deepEqual(await list(upper), within((t) => t === upper));
  });

  it('ending_before pages towards newer objects and auto-paginates backwards', async () => {
    const ids = live().map((c) => c.id);
    const page = await account.stripe.customers.list({ limit: 5, ending_before: ids[30] });
    assert.deepEqual(page.data.map((c) => c.id), ids.slice(25, 30));
    assert.equal(page.has_more, true);
    const backwards: string[] = [];
    for await (const c of account.stripe.customers.list({ limit: 7, ending_before: ids[30] })) backwards.push(c.id);
    assert.deepEqual(backwards, ids.slice(0, 30).reverse());
  });

  it('objects created in the same second keep one stable order across pages', async () => {
    const { now } = await emulator.get('/_emulator/clock');
    const created = [];
    for (let i = 0; i < 12; i++) created.push((await account.stripe.customers.create({ email: `tie${i}@example.com` })).id);
    const pageByPage: string[] = [];
    for await (const c of account.stripe.customers.list({ limit: 3, created: { gte: now } })) {
      pageByPage.push(c.id);
    }
    assert.deepEqual(pageByPage, [...created].reverse());
  });

  it('limit must lie between 1 and 100, and the cursors exclude each other', async () => {
    for (const limit of [0, 101]) {
      await assert.rejects(account.stripe.customers.list({ limit }), (e: Stripe.errors.StripeError) => {
        assert.equal(e.statusCode, 400);
        assert.equal(e.param, 'limit');
        return true;
      });
    }
    const [a, b] = live();
    await assert.rejects(account.stripe.customers.list({ starting_after: a!.id, ending_before: b!.id }), { statusCode: 400 });
  });

  it('unknown ids answer 404 resource_missing, naming the parameter', async () => {
    await assert.rejects(account.stripe.customers.retrieve('cus_unknown'), {
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such customer: 'cus_unknown'",
    });
    await assert.rejects(account.stripe.customers.list({ starting_after: 'cus_unknown' }), { statusCode: 404, param: 'starting_after' });
    await assert.rejects(account.stripe.subscriptions.retrieve('sub_unknown'), { statusCode: 404, message: "No such subscription: 'sub_unknown'" });
  });

  it('unknown parameters are refused as Stripe refuses them', async () => {
    await assert.rejects(account.stripe.customers.list({ colour: 'blue' } as Stripe.CustomerListParams), {
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'colour',
    });
  });

  it('subscriptions: no status leaves out canceled ones, status=all has every status, ended = canceled + incomplete_expired', async () => {
    const all = await account.stripe.subscriptions.list({ status: 'all', limit: 100 }).autoPagingToArray({ limit: 5000 });
    const byDefault = await account.stripe.subscriptions.list({ limit: 100 }).autoPagingToArray({ limit: 5000 });
    const ended = await account.stripe.subscriptions.list({ status: 'ended', limit: 100 }).autoPagingToArray({ limit: 5000 });
    const statuses = new Set(all.map((s) => s.status));
    for (const status of ['active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused']) {
      assert.ok(statuses.has(status), `a seeded ${status} subscription`);
    }
    assert.deepEqual(byDefault.map((s) => s.id), all.filter((s) => s.status !== 'canceled').map((s) => s.id));
    assert.deepEqual(ended.map((s) => s.id), all.filter((s) => ['canceled', 'incomplete_expired'].includes(s.status)).map((s) => s.id));
    const one = all[0]!;
    const ofCustomer = await account.stripe.subscriptions.list({ status: 'all', customer: one.customer as string });
    assert.ok(ofCustomer.data.every((s) => s.customer === one.customer));
    assert.ok(ofCustomer.data.some((s) => s.id === one.id));
  });

  it('expands data.customer on lists and customer on retrieve', async () => {
    const charges = await account.stripe.charges.list({ limit: 3, expand: ['data.customer'] });
    const withCustomer = charges.data.find((c) => c.customer !== null);
    if (withCustomer) assert.equal(typeof withCustomer.customer, 'object');
    const [subscription] = (await account.stripe.subscriptions.list({ limit: 1 })).data;
    const expanded = await account.stripe.subscriptions.retrieve(subscription!.id, { expand: ['customer', 'items.data.price.product'] });
    assert.equal((expanded.customer as Stripe.Customer).object, 'customer');
    assert.equal((expanded.items.data[0]!.price.product as Stripe.Product).object, 'product');
  });

  it('every answer carries a Request-Id and the API version', async () => {
    const page = await account.stripe.customers.list({ limit: 1 });
    assert.match(page.lastResponse.requestId, /^req_/);
    assert.equal(page.lastResponse.apiVersion, '2026-10-28.endive');
  });
});
