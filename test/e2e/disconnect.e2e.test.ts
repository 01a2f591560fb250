import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { DomainError } from '../../src/domain/errors';
import { syncedSince, useSyncedKeyConnection } from '../support/api/stripe-connect-flows';
import { useFullStack } from '../support/api/use-full-stack';
import { waitFor } from '../support/wait';

interface Merchant { id: string; secretKey: string }
interface TimelineEntry { name: string; stripeEventId: string | null }

/**
 * Disconnect from the product with a restricted-key connection, keeping the Stripe data, then
 * reconnecting, then disconnecting again with a purge (emulator, real API, worker and Temporal).
 */
describe('Disconnect: keep, reconnect, purge (API key, emulator, real worker)', function () {
  this.timeout(300_000);
  const { stack, t } = useFullStack<Merchant>('disconnect', {
    livemode: false, businessName: 'Keep Ltd', seed: { seed: 9, customers: 40, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  });
  const connection = useSyncedKeyConnection(stack, t);
  const api = () => t.h.asProject(t.apiKey);
  const trigger = <T = { id: string }>(action: string, params: Record<string, unknown>) =>
    stack.emulator.control<{ object: T; events: string[] }>(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action, ...params });
  const ourEndpoints = async () =>
    (await stack.emulator.get<{ data: Stripe.WebhookEndpoint[] }>(`/_emulator/accounts/${stack.merchant.id}/objects?type=webhook_endpoints`)).data;
  const countOf = async (table: string, where: Record<string, unknown> = { connection_id: connection.id }) =>
    Number((await t.db(table).where(where).count('* as n'))[0]!.n);
  const stored = async () => ({
    customers: await countOf('stripe_customers'),
    subscriptions: await countOf('stripe_subscriptions'),
    charges: await countOf('stripe_charges'),
    links: await countOf('stripe_customer_links'),
    profiles: await countOf('profiles', { project_id: t.projectId }),
  });
  const profileOf = async (email: string) => (await api().get(`/api/v1/customers?email=${encodeURIComponent(email)}`)).body.data[0];
  const timeline = async (profileId: string): Promise<TimelineEntry[]> => (await api().get(`/api/v1/customers/${profileId}/events?limit=200`)).body.data;

  let customer: { id: string; email: string };
  before(async () => {
    // one whose email is written as the product would look it up
    customer = await t.db('stripe_customers').where({ connection_id: connection.id, deleted: false }).whereRaw('email = email_key').orderBy('id').first();
  });

  it('keep: our webhook endpoint is deleted in Stripe, the connection is disconnected with its key wiped, and the data stays on the profiles', async () => {
    assert.equal((await ourEndpoints()).length, 1);
    const before = await stored();
    const res = await api().delete(`/api/v1/integrations/stripe/${connection.id}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'disconnected');
    assert.equal(res.body.disconnectedBy, 'product');
    assert.ok(res.body.disconnectedAt);
    assert.deepEqual(res.body.disconnect, { by: 'product', revokedInStripe: true, revokeNote: null, purged: null });
    assert.deepEqual(await ourEndpoints(), [], 'Stripe sends this connection nothing more');
    assert.deepEqual(await t.h.deps.connections.credentials(connection.id), {});
    assert.deepEqual(await stored(), before);
    assert.ok((await profileOf(customer.email)).traits['stripe.customer_id']);
    assert.equal((await stack.temporal.client.workflow.getHandle(`stripe-account:${connection.id}`).describe()).status.name, 'COMPLETED');
  });

  it('a resync is refused with the reason while disconnected, by the API and by the account workflow\'s Update', async () => {
    const res = await api().post(`/api/v1/integrations/stripe/${connection.id}/resync`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'conflict');
    const disconnected = await t.h.deps.connections.get(connection.id);
    const refused = await t.h.deps.orchestrator.startSync(disconnected, 'resync').catch((e: unknown) => e);
    assert.ok(refused instanceof DomainError && refused.code === 'conflict', String(refused));
    assert.match(refused.message, /disconnected; reconnect it/);
    // the run that Update started finds the connection disconnected, and ends
    await stack.temporal.client.workflow.getHandle(`stripe-account:${connection.id}`).result();
    assert.equal((await t.h.deps.connections.get(connection.id)).status, 'disconnected');
  });

  it('reconnecting with the key resumes from what is stored, catching up on what happened meanwhile, with nothing duplicated', async () => {
    const before = await stored();
    // while disconnected: a new customer, and a charge of a known one (no webhook reaches us)
    await trigger('customer.create', { email: 'new@keep.example', name: 'New Meanwhile' });
    const { events: [chargeEvent] } = await trigger('charge.succeed', { customer: customer.id, amount: 1234 });
    const since = new Date();
    const res = await api().post('/api/v1/integrations/stripe/api-key', { secretKey: stack.merchant.secretKey });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.id, connection.id);
    await syncedSince(t.h, t.apiKey, connection.id, since);
    assert.equal((await ourEndpoints()).length, 1, 'the webhook endpoint is registered again');

    const after = await stored();
    assert.deepEqual(after, {
      customers: before.customers + 1, subscriptions: before.subscriptions, charges: before.charges + 1, links: before.links + 1, profiles: before.profiles + 1,
    });
    assert.ok(await profileOf('new@keep.example'));
    // the catch-up from the old watermark puts the charge on the timeline, once
    const profileId = (await profileOf(customer.email)).id;
    const entries = await waitFor(async () => {
      const all = await timeline(profileId);
      return all.some((e) => e.stripeEventId === chargeEvent) && all;
    }, { what: 'the charge made while disconnected, on the timeline' });
    assert.equal(entries.filter((e) => e.stripeEventId === chargeEvent).length, 1);
  });

  it('purge: links, stripe.* traits, subscriptions, charges and the mirror go, and the profiles only Stripe wrote; the rest keep their data and timelines', async () => {
    const identified = await api().post('/api/v1/customers', { email: customer.email, traits: { plan: 'pro' } });
    assert.equal(identified.status, 200);
    const before = await stored();
    const timelineBefore = await timeline(identified.body.id);
    assert.ok(timelineBefore.length > 0);

    const res = await api().delete(`/api/v1/integrations/stripe/${connection.id}?purge=true`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.disconnect.purged, {
      customers: before.customers, subscriptions: before.subscriptions, charges: before.charges, links: before.links,
      profilesKept: 1, profilesRemoved: before.profiles - 1,
    });
    assert.deepEqual(await stored(), { customers: 0, subscriptions: 0, charges: 0, links: 0, profiles: 1 });
    const kept = (await api().get(`/api/v1/customers/${identified.body.id}`)).body;
    assert.deepEqual(kept.traits, { plan: 'pro' }, 'its own traits stay, the stripe.* ones are gone');
    assert.deepEqual(await timeline(identified.body.id), timelineBefore, 'its timeline keeps the Stripe entries');
    const segments = (await api().get('/api/v1/segments')).body.data as { count: number }[];
    assert.ok(segments.every((s) => s.count === 0));
  });
});
