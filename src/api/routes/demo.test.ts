import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import type { TestClient } from '../../../test/support/api/http-client';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { testConfig } from '../../../test/support/config';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import { applyTestPage, createProjectWithConnection, profileOfCustomer } from '../../../test/sync/identity-fixtures';

const simulatePath = (projectId: string, connectionId: string) => `/projects/${projectId}/demo/stripe/${connectionId}/simulate`;

describe('demo mode: Simulate Stripe activity', () => {
  describe('outside demo mode', () => {
    const t = useApiHarness();

    it('is neither shown nor served', async () => {
      const { client, csrf } = await t.h.signedIn(t.projectId, t.apiKey);
      const { connection } = await createProjectWithConnection(t.db, { projectId: t.projectId });
      await t.h.deps.connections.move(connection.id, 'syncSucceeded');
      const page = await client.get(`/projects/${t.projectId}/settings/integrations`);
      assert.match(page.text, new RegExp(`data-connection-id="${connection.id}" data-status="active"`));
      assert.doesNotMatch(page.text, /Simulate Stripe activity|data-simulate/);
      const res = await client.post(simulatePath(t.projectId, connection.id), { form: { _csrf: csrf, action: 'charge.fail' } });
      assert.equal(res.status, 404);
      assert.match(res.text, /No route for POST/);
      assert.equal((await client.get(simulatePath(t.projectId, connection.id))).status, 404);
    });
  });

  describe('in demo mode, against the emulator', () => {
    let emulator: TestEmulator;
    let accountId: string;
    before(async () => {
      emulator = await startTestEmulator();
      ({ id: accountId } = await emulator.control<{ id: string }>('/_emulator/accounts', { livemode: false }));
    });
    const t = useApiHarness({ config: () => testConfig({ demoMode: true, stripe: { apiUrl: emulator.url } }) });

    let browser: TestClient;
    let csrf: string;
    let connectionId: string;
    const customers: { id: string; email: string; profileId: string }[] = [];

    const trigger = <T>(action: string, params: Record<string, unknown> = {}) =>
      emulator.control<{ object: T; events: string[] }>(`/_emulator/accounts/${accountId}/trigger`, { action, ...params });
    const eventsSince = async (count: number) => {
      const { data } = await emulator.get<{ data: Stripe.Event[] }>(`/_emulator/accounts/${accountId}/objects?type=events`);
      return data.slice(0, data.length - count).reverse(); // oldest first
    };
    const eventCount = async () => (await emulator.get<{ data: unknown[] }>(`/_emulator/accounts/${accountId}/objects?type=events`)).data.length;
    const simulate = (form: Record<string, string>) => browser.post(simulatePath(t.projectId, connectionId), { form: { _csrf: csrf, ...form } });
    const objectOf = (e: Stripe.Event) => e.data.object as { id: string; customer?: string; status?: string };

    /** What the simulation made the emulator send, from the redirect back and the account's events. */
    async function simulated(form: Record<string, string>) {
      const before = await eventCount();
      const res = await simulate(form);
      assert.equal(res.status, 303, res.text.slice(0, 500));
      const back = new URL(res.location!, 'http://x');
      assert.equal(back.pathname, `/projects/${t.projectId}/settings/integrations`);
      const events = await eventsSince(before);
      return { back: back.searchParams, location: res.location!, events, types: events.map((e) => e.type) };
    }

    before(async () => {
      ({ client: browser, csrf } = await t.h.signedIn(t.projectId, t.apiKey));
      for (const email of ['ada@demo.example', 'bob@demo.example']) await trigger('customer.create', { email, name: `${email.split('@')[0]} <demo>` });
      const ctx = await createProjectWithConnection(t.db, { projectId: t.projectId, accountId });
      connectionId = ctx.connection.id;
      await t.h.deps.connections.move(connectionId, 'syncSucceeded');
      const { data } = await emulator.get<{ data: Stripe.Customer[] }>(`/_emulator/accounts/${accountId}/objects?type=customers`);
      await applyTestPage(t.db, ctx, 'customers', data);
      for (const c of data) customers.push({ id: c.id, email: c.email!, profileId: (await profileOfCustomer(t.db, ctx.scope, c.id))!.id });
    });

    it('the settings page offers it for an active connection, with its customers to choose from (escaped) or a random one', async () => {
      const { text } = await browser.get(`/projects/${t.projectId}/settings/integrations`);
      assert.match(text, /<summary>Simulate Stripe activity<\/summary>/);
      assert.match(text, new RegExp(`<form method="post" action="${simulatePath(t.projectId, connectionId)}" data-simulate-form>\\s*<input type="hidden" name="_csrf"`));
      assert.match(text, /<option value="charge\.fail">Charge failed<\/option>/);
      assert.match(text, /<option value="">A random customer<\/option>/);
      assert.match(text, new RegExp(`<option value="${customers.find((c) => c.email === 'ada@demo.example')!.id}">ada@demo\\.example \\(ada &lt;demo&gt;\\)</option>`));
    });

    it('refuses a form without this session\'s CSRF token, and nothing happens in Stripe', async () => {
      const before = await eventCount();
      const res = await browser.post(simulatePath(t.projectId, connectionId), { form: { action: 'charge.fail' } });
      assert.equal(res.status, 403);
      assert.equal(await eventCount(), before);
    });

    it('a failed charge for the chosen customer: the emulator declines one, and the page says so with a link to the customer', async () => {
      const ada = customers.find((c) => c.email === 'ada@demo.example')!;
      const { back, location, events, types } = await simulated({ action: 'charge.fail', customer: ada.id });
      assert.deepEqual(types, ['charge.failed']);
      assert.equal(objectOf(events[0]!).customer, ada.id);
      assert.deepEqual(Object.fromEntries(back), { notice: 'simulated', action: 'charge.fail', object: objectOf(events[0]!).id, profile: ada.profileId });
      const shown = (await browser.get(location)).text;
      assert.match(shown, new RegExp(`Simulated <strong>Charge failed</strong> <span class="mono">${objectOf(events[0]!).id}</span> for <a href="/projects/${t.projectId}/customers/${ada.profileId}" data-simulated-customer>ada@demo\\.example</a>`));
    });

    it('a plan switch for a customer without a subscription creates one first, then switches it', async () => {
      const bob = customers.find((c) => c.email === 'bob@demo.example')!;
      const { back, events, types } = await simulated({ action: 'subscription.switch_plan', customer: bob.id });
      assert.deepEqual(types.filter((type) => type.startsWith('customer.subscription.')), ['customer.subscription.created', 'customer.subscription.updated']);
      const subscriptionId = objectOf(events.find((e) => e.type === 'customer.subscription.updated')!).id;
      assert.equal(back.get('object'), subscriptionId);
      assert.equal(objectOf(events.find((e) => e.type === 'customer.subscription.created')!).id, subscriptionId);
    });

    it('a trial ending starts a trial when the customer has none, and announces its end', async () => {
      const { types, events } = await simulated({ action: 'subscription.trial_will_end', customer: customers[0]!.id });
      assert.deepEqual(types, ['customer.subscription.created', 'customer.subscription.trial_will_end']);
      assert.equal(objectOf(events[0]!).status, 'trialing');
    });

    it('a refund refunds a new charge when the mirror has none to refund', async () => {
      const { types } = await simulated({ action: 'charge.refund', customer: customers[0]!.id });
      assert.deepEqual(types.filter((type) => type.startsWith('charge.')), ['charge.succeeded', 'charge.refunded']);
    });

    it('without a chosen customer, a random one of the connection\'s', async () => {
      const { events, back } = await simulated({ action: 'charge.succeed', customer: '' });
      assert.ok(customers.some((c) => c.id === objectOf(events[0]!).customer && c.profileId === back.get('profile')));
    });

    it('a new customer: the notice names the email and leads to the customers list', async () => {
      const { events, back, location } = await simulated({ action: 'customer.create' });
      const created = events[0]!.data.object as Stripe.Customer;
      assert.equal(events[0]!.type, 'customer.created');
      assert.deepEqual(Object.fromEntries(back), { notice: 'simulated', action: 'customer.create', object: created.id, email: created.email });
      const shown = (await browser.get(location)).text;
      assert.match(shown, new RegExp(`href="/projects/${t.projectId}/customers\\?email=${encodeURIComponent(created.email!)}" data-simulated-customer>Customers</a>`));
    });

    it('refuses an unknown action, and a customer of another connection', async () => {
      assert.equal((await simulate({ action: 'payout.paid' })).status, 400);
      const res = await simulate({ action: 'charge.fail', customer: 'cus_notours' });
      assert.equal(res.status, 404);
      assert.match(res.text, /customer cus_notours is not a customer of this connection/);
    });
  });
});
