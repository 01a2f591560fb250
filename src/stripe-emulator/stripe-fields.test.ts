import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import stripeExamples from './fixtures/stripe-openapi-keys.json';
import { createAccount, startTestEmulator, type TestAccount, type TestEmulator } from './test-helpers';

type ExampleName = keyof typeof stripeExamples.keys;

/** Where the emulator's objects may differ from Stripe's published examples, and why. */
interface Differences {
  /** In Stripe's example but not in the emulator's object. */
  missing?: Record<string, string>;
  /** In the emulator's object but not in Stripe's example. */
  extra?: Record<string, string>;
}

// The examples were published for an older API version than the pinned one.
const NEWER_THAN_EXAMPLES = 'added in API version 2026-09-30.endive (stripe@23.0.0), after the examples were published';
const PAYOUT_ACCOUNT_ONLY = "only on an account's external account, not on a customer's bank account";

const DOCUMENTED: Partial<Record<ExampleName, Differences>> = {
  charge: { missing: { refunds: 'returned only when expanded since API version 2022-11-15' } },
  invoice: {
    missing: {
      id: 'the emulator renders invoices only as invoice.upcoming sends them, and an upcoming invoice does not exist yet',
      subscription: 'moved to parent.subscription_details.subscription in API version 2025-03-31.basil',
    },
  },
  product: { extra: { tax_details: NEWER_THAN_EXAMPLES } },
  subscription_item: { extra: { current_trial: NEWER_THAN_EXAMPLES } },
  bank_account: {
    missing: { customer: "Stripe's example is a customer's bank account; the emulator's is an account's payout account" },
    extra: {
      account: PAYOUT_ACCOUNT_ONLY,
      available_payout_methods: PAYOUT_ACCOUNT_ONLY,
      default_for_currency: PAYOUT_ACCOUNT_ONLY,
      future_requirements: PAYOUT_ACCOUNT_ONLY,
      requirements: PAYOUT_ACCOUNT_ONLY,
    },
  },
};

/** One of each object the emulator renders, as a client receives it over HTTP. */
async function renderEveryObject(emulator: TestEmulator, account: TestAccount & { stripe: Stripe }): Promise<Record<ExampleName, object>> {
  const { stripe } = account;
  const product = await stripe.products.create({ name: 'Pro' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
  const customer = await stripe.customers.create({ email: 'fields@example.com', name: 'Ada', source: 'tok_visa' });
  const subscription = await stripe.subscriptions.retrieve(
    (await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })).id,
  );
  const charge = await stripe.charges.create({ amount: 5000, currency: 'usd', customer: customer.id, source: 'tok_visa' });
  const refund = await stripe.refunds.create({ charge: charge.id, amount: 1000 });
  const upcoming = await emulator.post<{ events: string[] }>(`/_emulator/accounts/${account.id}/trigger`, {
    action: 'invoice.upcoming',
    subscription: subscription.id,
  });
  const invoiceEvent = await stripe.events.retrieve(upcoming.events[0]!);
  const invoice = invoiceEvent.data.object as Stripe.Invoice;
  const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/webhooks', enabled_events: ['*'] });
  const self = await stripe.accounts.retrieveCurrent();
  const item = subscription.items.data[0]!;
  return {
    account: self,
    bank_account: self.external_accounts!.data[0]!,
    charge: await stripe.charges.retrieve(charge.id),
    customer: await stripe.customers.retrieve(customer.id),
    deleted_customer: await stripe.customers.del((await stripe.customers.create({ email: 'gone@example.com' })).id),
    deleted_webhook_endpoint: await stripe.webhookEndpoints.del(
      (await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/gone', enabled_events: ['*'] })).id,
    ),
    event: invoiceEvent,
    invoice,
    line_item: invoice.lines.data[0]!,
    plan: item.plan,
    price: await stripe.prices.retrieve(price.id),
    product: await stripe.products.retrieve(product.id),
    refund: await stripe.refunds.retrieve(refund.id),
    subscription,
    subscription_item: item,
    webhook_endpoint: await stripe.webhookEndpoints.retrieve(endpoint.id),
  };
}

describe("stripe emulator: objects have the fields of Stripe's published examples", () => {
  let emulator: TestEmulator;
  let account: TestAccount & { stripe: Stripe };
  let rendered: Record<ExampleName, object>;

  before(async () => {
    emulator = await startTestEmulator({ rateLimits: false });
    account = await createAccount(emulator);
    rendered = await renderEveryObject(emulator, account);
  });
  after(() => emulator.close());

  for (const name of Object.keys(stripeExamples.keys) as ExampleName[]) {
    it(`${name}: the same top-level fields, but for documented differences`, () => {
      const example: string[] = stripeExamples.keys[name];
      const { missing = {}, extra = {} } = DOCUMENTED[name] ?? {};
      // A documented difference that no longer holds is stale: it must go.
      for (const key of Object.keys(missing)) assert.ok(example.includes(key), `${name}.${key} is no longer in Stripe's example`);
      for (const key of Object.keys(extra)) assert.ok(!example.includes(key), `${name}.${key} is in Stripe's example now`);
      const expected = [...example.filter((key) => !(key in missing)), ...Object.keys(extra)].sort();
      assert.deepEqual(Object.keys(rendered[name]).sort(), expected);
    });
  }

  it('a price created without active or metadata is active, with empty metadata', async () => {
    const product = await account.stripe.products.create({ name: 'Basic' });
    const price = await account.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900 });
    assert.equal(price.active, true);
    assert.deepEqual(price.metadata, {});
    const created = (await account.stripe.events.list({ type: 'price.created', limit: 1 })).data[0]!;
    assert.deepEqual((created.data.object as Stripe.Price).metadata, {});
  });

  it("the account's dashboard display name is its business name; an onboarded account owes nothing", async () => {
    const named = await emulator.post<{ id: string }>('/_emulator/accounts', { livemode: false, businessName: "Ada's Analytics" });
    const { secretKey } = await emulator.post<{ secretKey: string }>(`/_emulator/accounts/${named.id}/keys`, { type: 'secret' });
    const self = await emulator.stripe(secretKey).accounts.retrieveCurrent();
    assert.equal(self.settings?.dashboard.display_name, "Ada's Analytics");
    assert.equal(self.settings?.payments.statement_descriptor, 'ADAS ANALYTICS');
    assert.deepEqual(self.requirements?.currently_due, []);
    assert.equal(self.requirements?.disabled_reason, null);
    assert.equal(self.tos_acceptance?.date, self.created);
    assert.equal(self.external_accounts?.data[0]?.object, 'bank_account');
  });
});
