import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { connectWithOAuth, syncedSince } from '../support/api/stripe-connect-flows';
import { useFullStack } from '../support/api/use-full-stack';
import { waitFor } from '../support/wait';

interface Merchant { id: string; seeded: { customers: number; deletedCustomers: number } }

/**
 * The account's owner removes the app in Stripe while the first sync runs: Stripe revokes the
 * access at once and tells the platform with `account.application.deauthorized` (the emulator's
 * Connect webhooks, our real API, worker and Temporal). Then the same account is connected again.
 */
describe('deauthorization in Stripe, mid-sync, and reconnecting (OAuth, emulator, real worker)', function () {
  this.timeout(300_000);
  const { stack, t } = useFullStack<Merchant>('deauth', {
    livemode: false,
    businessName: 'Gone Ltd',
    seed: { seed: 5, customers: 2000, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  }, {}, { connectWebhooks: true });
  let connectionId: string;
  const temporal = () => stack.temporal.client.workflow;
  const count = async (table: string) => Number((await t.db(table).where({ connection_id: connectionId }).count('* as n'))[0]!.n);

  it('stops the sync, disconnects the connection with its credentials wiped, and ends the account workflow', async () => {
    // slow enough that the deauthorization lands while pages are being copied
    await stack.emulator.control('/_emulator/faults', { latencyMs: 60 });
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    await connectWithOAuth(stack, client, t.projectId);
    [{ id: connectionId }] = await t.h.deps.connections.listByProject(t.projectId);
    assert.ok((await t.h.deps.connections.credentials(connectionId)).accessToken);
    await waitFor(async () => {
      const run = await t.h.deps.syncRuns.latestForConnection(connectionId);
      return run?.status === 'running' && run.counts.customers > 0;
    }, { what: 'the sync copying pages' });

    await stack.emulator.control(`/_emulator/accounts/${stack.merchant.id}/deauthorize`, {});

    const disconnected = await waitFor(async () => {
      const c = await t.h.deps.connections.get(connectionId);
      return c.status === 'disconnected' && c;
    }, { what: 'the connection disconnected', timeoutMs: 60_000 });
    assert.equal(disconnected.disconnectedBy, 'stripe');
    assert.ok(disconnected.disconnectedAt);
    assert.deepEqual(await t.h.deps.connections.credentials(connectionId), {}, 'the Stripe credentials are wiped');

    const sync = temporal().getHandle(`stripe-sync:${connectionId}`);
    await waitFor(async () => (await sync.describe()).status.name !== 'RUNNING', { what: 'the sync stopped', timeoutMs: 60_000 });
    const run = (await t.h.deps.syncRuns.latestForConnection(connectionId))!;
    // canceled by the account workflow, or failed first on Stripe's 403 for the revoked access
    assert.ok(run.status === 'canceled' || run.status === 'failed', run.status);
    assert.ok(run.counts.customers < stack.merchant.seeded.customers, 'the sync stopped before the end');
    await temporal().getHandle(`stripe-account:${connectionId}`).result();
    assert.equal((await t.h.deps.connections.get(connectionId)).status, 'disconnected', 'the sync ending after it did not make it active');
    const deauthorization = await t.db('stripe_event_inbox').where({ connection_id: connectionId, type: 'account.application.deauthorized' }).first();
    assert.equal(deauthorization.status, 'processed');
    await stack.emulator.control('/_emulator/faults', { latencyMs: 0 });
  });

  it('later webhooks for it verify, are kept as ignored, change nothing and wake nothing', async () => {
    const customer = await t.db('stripe_customers').where({ connection_id: connectionId, deleted: false }).first();
    const raw = JSON.stringify({
      id: 'evt_late_update', object: 'event', type: 'customer.updated', account: stack.merchant.id, created: Math.floor(Date.now() / 1000),
      livemode: false, api_version: '2026-10-28.endive', data: { object: { ...customer.data, email: 'changed@late.example' } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: stack.connectWebhookSecret! });
    const res = await t.h.client().post('/webhooks/stripe', { raw, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
    assert.equal(res.status, 200, res.text);
    await t.h.deps.accountWaker.idle();

    const stored = await t.db('stripe_event_inbox').where({ connection_id: connectionId, stripe_event_id: 'evt_late_update' }).first();
    assert.equal(stored.status, 'ignored');
    const after = await t.db('stripe_customers').where({ connection_id: connectionId, id: customer.id }).first();
    assert.deepEqual(after.data, customer.data);
    const account = await temporal().getHandle(`stripe-account:${connectionId}`).describe();
    assert.equal(account.status.name, 'COMPLETED', 'no account workflow was started for it');
  });

  it('reconnecting the same account resumes from what is stored: the kept event is replayed, the sync finishes, nothing is duplicated', async () => {
    const since = new Date();
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    assert.equal(await connectWithOAuth(stack, client, t.projectId), `/projects/${t.projectId}/settings/integrations?notice=reconnected`);
    const [again] = await t.h.deps.connections.listByProject(t.projectId);
    assert.equal(again!.id, connectionId, 'the same connection');
    await syncedSince(t.h, t.apiKey, connectionId, since);

    const kept = stack.merchant.seeded.customers - stack.merchant.seeded.deletedCustomers;
    assert.equal(await count('stripe_customer_links'), kept, 'every customer linked once');
    assert.equal(await t.db('stripe_customers').where({ connection_id: connectionId, deleted: false }).count('* as n').then((r) => Number(r[0]!.n)), kept);
    const profiles = Number((await t.db('profiles').where({ project_id: t.projectId }).count('* as n'))[0]!.n);
    const linkedProfiles = Number((await t.db('stripe_customer_links').where({ connection_id: connectionId }).countDistinct('profile_id as n'))[0]!.n);
    assert.equal(profiles, linkedProfiles, 'no profile left over or made twice');

    await waitFor(async () => (await t.db('stripe_event_inbox').where({ connection_id: connectionId, stripe_event_id: 'evt_late_update' }).first()).status === 'processed',
      { what: 'the event kept while disconnected, replayed' });
    const deauthorizations = await t.db('stripe_event_inbox').where({ connection_id: connectionId, type: 'account.application.deauthorized' });
    assert.deepEqual(deauthorizations.map((e: { status: string }) => e.status), ['processed'], 'the old grant\'s deauthorization is not replayed');
    assert.equal((await t.h.deps.connections.get(connectionId)).status, 'active');
  });
});
