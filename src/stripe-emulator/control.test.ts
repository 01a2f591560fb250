import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { createAccount, startTestEmulator, type TestEmulator } from './test-helpers';

describe('stripe emulator: control API', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
  });
  after(() => emulator.close());

  const objects = async (account: string, type: string) =>
    (await emulator.get(`/_emulator/accounts/${account}/objects?type=${type}&includeDeleted=true`)).data;

  it('seeds deterministically: the same seed gives the same customers (ids aside), without events', async () => {
    const a = await createAccount(emulator, { seed: 99, customers: 300 });
    const b = await createAccount(emulator, { seed: 99, customers: 300 });
    // Ids differ between seeds (they are never reused); everything else is the same.
    const strip = (list: Stripe.Customer[]) => list.map(({ id: _id, default_source: _source, ...rest }) => rest);
    assert.deepEqual(strip(await objects(a.id, 'customers')), strip(await objects(b.id, 'customers')));
    assert.equal((await a.stripe.events.list()).data.length, 0);
  });

  it('a seeded account is older than everything in it, as on Stripe (backfills plan from its created)', async () => {
    const a = await createAccount(emulator, { seed: 5, customers: 200 });
    const account = await a.stripe.accounts.retrieveCurrent();
    const created = [...(await objects(a.id, 'customers')), ...(await objects(a.id, 'subscriptions')), ...(await objects(a.id, 'charges'))]
      .map((o: { created: number }) => o.created);
    assert.ok(account.created! < Math.min(...created), `account created ${account.created}, oldest object ${Math.min(...created)}`);
  });

  it('a 2,000-customer seed has every variety the integration must handle, in well under a second', async () => {
    const account = await emulator.post('/_emulator/accounts', { livemode: false });
    const started = Date.now();
    const counts = await emulator.post(`/_emulator/accounts/${account.id}/seed`, { seed: 42, customers: 2000, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 });
    assert.ok(Date.now() - started < 1000, `seeded in ${Date.now() - started} ms`);
    assert.equal(counts.customers, 2000);
    const customers: (Stripe.Customer & { deleted?: boolean })[] = await objects(account.id, 'customers');
    const charges: Stripe.Charge[] = await objects(account.id, 'charges');
    const subscriptions: Stripe.Subscription[] = await objects(account.id, 'subscriptions');
    const emails = customers.map((c) => c.email).filter((e): e is string => !!e);
    const byLowerEmail = new Map<string, Set<string>>();
    for (const email of emails) byLowerEmail.set(email.trim().toLowerCase(), (byLowerEmail.get(email.trim().toLowerCase()) ?? new Set()).add(email));
    const now = Date.now() / 1000;
    const has = (what: string, test: boolean) => assert.ok(test, what);
    has('customers without email', customers.some((c) => !c.email));
    has('one email in different case on several customers', [...byLowerEmail.values()].some((variants) => variants.size >= 3));
    has('emails with surrounding whitespace', emails.some((e) => e !== e.trim()));
    has('accented names', customers.some((c) => /[À-ž]/.test(c.name ?? '')));
    has('CJK names', customers.some((c) => /[\u3040-\u9fff\uac00-\ud7af]/.test(c.name ?? '')));
    has('emoji names', customers.some((c) => /\p{Extended_Pictographic}/u.test(c.name ?? '')));
    has('metadata with many keys', customers.some((c) => Object.keys(c.metadata).length >= 20));
    has('metadata with no keys', customers.some((c) => Object.keys(c.metadata).length === 0));
    has('full addresses', customers.some((c) => c.address?.line1 && c.address.postal_code && c.address.city));
    has('partial addresses', customers.some((c) => c.address && !c.address.line1));
    has('no address', customers.some((c) => c.address === null));
    has('phones and none', customers.some((c) => c.phone) && customers.some((c) => !c.phone));
    has('descriptions and empty ones', customers.some((c) => c.description) && customers.some((c) => c.description === ''));
    has('deleted customers', customers.some((c) => c.deleted));
    has('created over years', now - Math.min(...customers.map((c) => c.created)) > 3 * 365 * 86_400);
    has('created in the past month', customers.some((c) => now - c.created < 30 * 86_400));
    for (const status of ['active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused']) {
      has(`a ${status} subscription`, subscriptions.some((s) => s.status === status));
    }
    has('trials', subscriptions.some((s) => s.trial_end !== null));
    has('failed charges', charges.some((c) => c.status === 'failed'));
    has('refunded charges', charges.some((c) => c.refunded));
    has('partially refunded charges', charges.some((c) => c.amount_refunded > 0 && !c.refunded));
    const guests = charges.filter((c) => c.customer === null);
    const known = new Set(emails.map((e) => e.trim().toLowerCase()));
    const guestEmail = (c: Stripe.Charge) => (c.billing_details.email ?? c.receipt_email ?? '').trim().toLowerCase();
    has('guest charges matching a customer by billing email', guests.some((c) => c.billing_details.email && known.has(guestEmail(c))));
    has('guest charges matching a customer by receipt email', guests.some((c) => !c.billing_details.email && c.receipt_email && known.has(guestEmail(c))));
    has('guest charges matching nobody', guests.some((c) => guestEmail(c) && !known.has(guestEmail(c))));
  });

  it('triggers emit exactly the events Stripe would and return them', async () => {
    const account = await createAccount(emulator);
    const trigger = (action: string, params: object = {}) => emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action, ...params });
    const typesOf = async (events: string[]) => Promise.all(events.map(async (id) => (await account.stripe.events.retrieve(id)).type));
    const customer = await trigger('customer.create');
    assert.deepEqual(await typesOf(customer.events), ['customer.created']);
    const product = await account.stripe.products.create({ name: 'Plan' });
    const price = await account.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const subscription = await trigger('subscription.create', { customer: customer.object.id, price: price.id });
    assert.deepEqual(await typesOf(subscription.events), ['customer.subscription.created']);
    const switched = await trigger('subscription.switch_plan', { subscription: subscription.object.id });
    assert.deepEqual(await typesOf(switched.events), ['price.created', 'customer.subscription.updated']);
    const charge = await trigger('charge.succeed', { customer: customer.object.id, amount: 4200 });
    assert.deepEqual(await typesOf(charge.events), ['charge.succeeded']);
    assert.deepEqual(await typesOf((await trigger('charge.refund', { charge: charge.object.id, amount: 200 })).events), ['charge.refunded', 'refund.created']);
    assert.deepEqual(await typesOf((await trigger('charge.fail', { customer: customer.object.id })).events), ['charge.failed']);
    assert.deepEqual(await typesOf((await trigger('invoice.upcoming', { subscription: subscription.object.id })).events), ['invoice.upcoming']);
    assert.deepEqual(await typesOf((await trigger('customer.update', { customer: customer.object.id, name: 'Renamed' })).events), ['customer.updated']);
    assert.deepEqual(await typesOf((await trigger('customer.delete', { customer: customer.object.id })).events), [
      'customer.subscription.deleted',
      'customer.deleted',
    ]);
  });

  it('triggers cover what a product page simulates: cancel, trial ending, full and partial refunds', async () => {
    const account = await createAccount(emulator);
    const trigger = (action: string, params: object = {}) => emulator.post(`/_emulator/accounts/${account.id}/trigger`, { action, ...params });
    const typesOf = async (events: string[]) => Promise.all(events.map(async (id) => (await account.stripe.events.retrieve(id)).type));
    const { object: customer } = await trigger('customer.create');

    const { object: trial } = await trigger('subscription.create', { customer: customer.id, trialDays: 14 });
    const notice = await trigger('subscription.trial_will_end', { subscription: trial.id });
    assert.deepEqual(await typesOf(notice.events), ['customer.subscription.trial_will_end']);
    assert.equal(notice.object.status, 'trialing', 'the notice leaves the trial running');
    await assert.rejects(trigger('subscription.trial_will_end', { subscription: trial.id }), /400.*announced already/);
    const ended = await trigger('subscription.end_trial', { subscription: trial.id });
    assert.deepEqual(await typesOf(ended.events), ['customer.subscription.updated'], 'no second notice for one trial');
    await assert.rejects(trigger('subscription.trial_will_end', { subscription: trial.id }), /400.*not trialing/);

    const atPeriodEnd = await trigger('subscription.cancel', { subscription: trial.id, atPeriodEnd: true });
    assert.deepEqual(await typesOf(atPeriodEnd.events), ['customer.subscription.updated']);
    assert.equal(atPeriodEnd.object.cancel_at_period_end, true);
    const canceled = await trigger('subscription.cancel', { subscription: trial.id });
    assert.deepEqual(await typesOf(canceled.events), ['customer.subscription.deleted']);
    assert.equal(canceled.object.status, 'canceled');

    const { object: charge } = await trigger('charge.succeed', { customer: customer.id, amount: 3000 });
    const partial = await trigger('charge.refund', { charge: charge.id, amount: 1000 });
    assert.deepEqual([partial.object.charge.amount_refunded, partial.object.charge.refunded], [1000, false]);
    const rest = await trigger('charge.refund', { charge: charge.id });
    assert.deepEqual(await typesOf(rest.events), ['charge.refunded', 'refund.created']);
    assert.deepEqual([rest.object.charge.amount_refunded, rest.object.charge.refunded, rest.object.refund.amount], [3000, true, 2000]);
  });

  it('keeps an account\'s test and live data apart, as Stripe does', async () => {
    const account = await createAccount(emulator, { seed: 4, customers: 30 });
    const { secretKey } = await emulator.post(`/_emulator/accounts/${account.id}/keys`, { type: 'secret', livemode: true });
    const live = emulator.stripe(secretKey);
    assert.equal((await live.customers.list()).data.length, 0);
    const created = await live.customers.create({ email: 'live@example.com' });
    assert.equal(created.livemode, true);
    assert.ok(!(await account.stripe.customers.list({ limit: 100 })).data.some((c) => c.id === created.id));
    assert.equal((await live.accounts.retrieveCurrent()).id, account.id);
  });

  it('reset drops everything, and ids never repeat afterwards', async () => {
    const before = await createAccount(emulator, { seed: 5, customers: 40 });
    const seen = new Set((await objects(before.id, 'customers')).map((c: { id: string }) => c.id));
    await emulator.post('/_emulator/reset');
    await assert.rejects(before.stripe.customers.list(), { statusCode: 401 });
    const after = await createAccount(emulator, { seed: 5, customers: 40 });
    assert.notEqual(after.id, before.id);
    for (const c of await objects(after.id, 'customers')) assert.ok(!seen.has(c.id), `${c.id} was used before the reset`);
  });

  it('keeps state in a file across restarts: accounts, keys, connections, App installs and objects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stripe-emulator-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startTestEmulator({ stateFile, rateLimits: false });
      const platform = await first.post('/_emulator/platform', { redirectUris: ['http://127.0.0.1:9/cb'] });
      const merchant = await first.post('/_emulator/accounts', { livemode: false, seed: { seed: 8, customers: 25 } });
      await first.post('/_emulator/oauth/next-account', { account: merchant.id });
      await first.post('/_emulator/oauth/mode', { mode: 'auto-approve' });
      await fetch(`${first.url}/oauth/authorize?client_id=${platform.clientId}`, { redirect: 'manual' });
      const app = await first.post('/_emulator/apps', { account: platform.accountId, redirectUris: ['http://127.0.0.1:9/app'] });
      await first.post('/_emulator/oauth/next-account', { account: merchant.id });
      const install = await fetch(`${first.url}/oauth/v2/authorize?client_id=${app.clientId}`, { redirect: 'manual' });
      const appToken = await first.stripe(platform.secretKey).rawRequest('POST', '/v1/oauth/token', {
        grant_type: 'authorization_code', code: new URL(install.headers.get('location')!).searchParams.get('code')!,
      }) as { refresh_token: string };
      const made = await first.stripe(platform.secretKey).customers.create({ email: 'kept@example.com' }, { stripeAccount: merchant.id });
      const listed = (await first.stripe(merchant.secretKey).customers.list({ limit: 100 })).data.map((c) => c.id);
      const { now } = await first.post('/_emulator/clock/advance', { seconds: 5 * 86_400 });
      await first.close();

      const second = await startTestEmulator({ stateFile, rateLimits: false });
      const stripe = second.stripe(platform.secretKey);
      assert.equal(((await stripe.customers.retrieve(made.id, {}, { stripeAccount: merchant.id })) as Stripe.Customer).email, 'kept@example.com');
      assert.deepEqual((await second.stripe(merchant.secretKey).customers.list({ limit: 100 })).data.map((c) => c.id), listed);
      assert.ok((await second.get('/_emulator/clock')).now >= now);
      assert.deepEqual((await second.get(`/_emulator/apps/${app.clientId}`)).installed, [merchant.id]);
      const refreshed = await stripe.rawRequest('POST', '/v1/oauth/token', { grant_type: 'refresh_token', refresh_token: appToken.refresh_token }) as { stripe_user_id: string };
      assert.equal(refreshed.stripe_user_id, merchant.id);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
