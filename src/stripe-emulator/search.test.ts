import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { createStripeGateway, type ListedPage } from '../stripe/gateway';
import { STRIPE_OBJECT_TYPES } from '../domain/sync-slices';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

describe('stripe emulator: search, with total_count', () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let customers: { id: string; created: number; deleted?: boolean }[];
  let subscriptions: { id: string; created: number; status: string }[];

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator, { seed: 11, customers: 300 });
    const objects = async (type: string) => (await emulator.get(`/_emulator/accounts/${account.id}/objects?type=${type}&includeDeleted=true`)).data;
    customers = await objects('customers');
    subscriptions = await objects('subscriptions');
  });
  after(() => emulator.close());

  it('counts what a created range holds, as the list returns it: deleted customers left out, subscriptions of every status', async () => {
    const live = customers.filter((c) => !c.deleted);
    const cut = live[Math.floor(live.length / 2)]!.created;
    const page = await account.stripe.customers.search({ query: `created<${cut}`, limit: 1, expand: ['total_count'] });
    assert.equal(page.total_count, live.filter((c) => c.created < cut).length);
    assert.equal(page.data.length, 1);
    assert.equal(page.has_more, true);
    assert.equal(page.object, 'search_result');

    const all = await account.stripe.subscriptions.search({ query: 'created>0', limit: 1, expand: ['total_count'] });
    assert.equal(all.total_count, subscriptions.length);
    assert.ok(new Set(subscriptions.map((s) => s.status)).size > 1, 'the seed has subscriptions of several statuses');
    const canceled = await account.stripe.subscriptions.search({ query: 'status:"canceled"', expand: ['total_count'] });
    assert.equal(canceled.total_count, subscriptions.filter((s) => s.status === 'canceled').length);
  });

  it('gives the sync\'s gateway, per type, the count of what its created-range lists return', async () => {
    const gateway = createStripeGateway(account.stripe);
    const cut = customers[Math.floor(customers.length / 3)]!.created;
    for (const type of STRIPE_OBJECT_TYPES) {
      let listed = 0;
      let after: string | null = null;
      for (let more = true; more;) {
        const page: ListedPage<unknown> = await gateway.listPage(type, { gte: 0, lt: cut, startingAfter: after });
        listed += page.objects.length;
        after = page.last?.id ?? null;
        more = page.hasMore;
      }
      assert.equal(await gateway.countCreatedBefore(type, cut), listed, type);
    }
  });

  it('pages through every match with next_page, newest first, and leaves total_count out unless expanded', async () => {
    const ids: string[] = [];
    for await (const customer of account.stripe.customers.search({ query: 'created>0', limit: 100 })) ids.push(customer.id);
    assert.deepEqual(ids, customers.filter((c) => !c.deleted).map((c) => c.id));
    const first = await account.stripe.customers.search({ query: 'created>0' });
    assert.equal(first.data.length, 10);
    assert.equal('total_count' in first, false);
  });

  it('refuses what it does not understand with Stripe\'s errors, never a partial answer', async () => {
    await assert.rejects(account.stripe.customers.search({ query: 'flavour:"mint"' }), /unsupported search field for resource `customers`/);
    await assert.rejects(account.stripe.customers.search({ query: 'email~"ada"' }), /unable to parse your search query/);
    await assert.rejects(account.stripe.customers.search({ query: 'created>1 AND created<9 OR email:"a@b.c"' }), /both AND and OR/);
  });
});
