import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { sameStripeObject } from '../../src/domain/drift';
import { csrfFrom } from '../support/api/http-client';
import { useSyncedKeyConnection } from '../support/api/stripe-connect-flows';
import { useFullStack } from '../support/api/use-full-stack';
import { waitFor } from '../support/wait';

interface Merchant { id: string; secretKey: string }
interface MirrorRow { kind: string; id: string; customer: string | null; status: string | null; data: unknown }

/**
 * Drift planted in the database (rows changed, removed or made up behind the product's back) is
 * found and repaired: for one customer by "Resync this customer", for the whole account by the
 * drift check (emulator, real API, worker and Temporal).
 */
describe('Resync this customer, and the drift check (API key, emulator, real worker)', function () {
  this.timeout(300_000);
  const { stack, t } = useFullStack<Merchant>('drift', {
    livemode: false, businessName: 'Drift Ltd', seed: { seed: 17, customers: 30, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  });
  const connection = useSyncedKeyConnection(stack, t);
  const api = () => t.h.asProject(t.apiKey);
  const inStripe = async <T>(type: string) => (await stack.emulator.get<{ data: T[] }>(`/_emulator/accounts/${stack.merchant.id}/objects?type=${type}`)).data;

  /** Every mirror row of the connection, in one comparable list. */
  async function mirror(): Promise<MirrorRow[]> {
    const { rows } = await t.db.raw<{ rows: MirrorRow[] }>(
      `SELECT 'customers' AS kind, id, id AS customer, NULL AS status, data FROM stripe_customers WHERE connection_id = :c AND NOT deleted
       UNION ALL SELECT 'subscriptions', id, customer_id, status, data FROM stripe_subscriptions WHERE connection_id = :c
       UNION ALL SELECT 'charges', id, customer_id, status, data FROM stripe_charges WHERE connection_id = :c
       ORDER BY 1, 2`, { c: connection.id });
    return rows;
  }
  const profiles = async () => t.db('profiles').where({ project_id: t.projectId }).orderBy('id').select('id', 'email', 'traits', 'updated_at');

  /** A customer with a live subscription and a charge, its profile, and its objects. */
  async function customerWithEverything(not: string[] = []) {
    const { rows: [row] } = await t.db.raw<{ rows: { id: string; sub: string; charge: string; profile_id: string }[] }>(
      `SELECT c.id, s.id AS sub, ch.id AS charge, l.profile_id FROM stripe_customers c
         JOIN stripe_subscriptions s ON s.connection_id = c.connection_id AND s.customer_id = c.id AND s.status = 'active'
         JOIN stripe_charges ch ON ch.connection_id = c.connection_id AND ch.customer_id = c.id
         JOIN stripe_customer_links l ON l.connection_id = c.connection_id AND l.stripe_customer_id = c.id
        WHERE c.connection_id = ? AND NOT c.deleted AND NOT c.id = ANY(?) ORDER BY c.id LIMIT 1`, [connection.id, not]);
    return row!;
  }

  /** Drift behind the product's back: a subscription shown canceled, a charge gone, a charge Stripe never had, a renamed customer. */
  async function plantDrift(c: { id: string; sub: string; charge: string }, suffix: string) {
    await t.db('stripe_subscriptions').where({ connection_id: connection.id, id: c.sub })
      .update({ status: 'canceled', data: t.db.raw(`jsonb_set(data, '{status}', '"canceled"')`) });
    const charge = await t.db('stripe_charges').where({ connection_id: connection.id, id: c.charge }).first();
    await t.db('stripe_charges').where({ connection_id: connection.id, id: c.charge }).delete();
    await t.db('stripe_charges').insert({ ...charge, id: `ch_planted_${suffix}`, data: { ...charge.data, id: `ch_planted_${suffix}` } });
    await t.db('stripe_customers').where({ connection_id: connection.id, id: c.id }).update({ data: t.db.raw(`jsonb_set(data, '{name}', '"Planted Name"')`) });
  }

  async function lastDriftCheck(after: string | null) {
    return waitFor(async () => {
      const [c] = (await api().get('/api/v1/integrations/stripe')).body.data;
      const last = c.driftCheck.last;
      return last && last.status !== 'running' && last.startedAt !== after && last;
    }, { what: 'the drift check to finish', timeoutMs: 60_000 });
  }

  it('a drift check of a mirror that matches Stripe repairs nothing', async () => {
    const before = await mirror();
    assert.equal((await api().post(`/api/v1/integrations/stripe/${connection.id}/drift-check`)).status, 202);
    const last = await lastDriftCheck(null);
    assert.equal(last.status, 'succeeded', last.error);
    for (const kind of ['customers', 'subscriptions', 'charges']) {
      assert.deepEqual({ ...last.counts[kind], checked: 0 }, { checked: 0, missing: 0, stale: 0, removed: 0 }, kind);
      assert.ok(last.counts[kind].checked > 0, `${kind} were compared`);
    }
    assert.deepEqual(await mirror(), before);
  });

  let a: Awaited<ReturnType<typeof customerWithEverything>>;
  let b: typeof a;

  it('Resync this customer repairs that customer\'s customer, subscriptions and charges, and nothing else', async () => {
    a = await customerWithEverything();
    b = await customerWithEverything([a.id]);
    await plantDrift(a, 'a');
    await plantDrift(b, 'b');
    const planted = await mirror();
    const profilesBefore = await profiles();
    const ofA = (r: MirrorRow) => r.customer === a.id || r.id === 'ch_planted_a';

    const res = await api().post(`/api/v1/customers/${a.profile_id}/resync`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.customerId, a.profile_id);
    const [resynced] = res.body.stripeCustomers;
    assert.deepEqual([resynced.stripeCustomerId, resynced.refused], [a.id, null]);
    assert.deepEqual(resynced.drift.customers, { checked: 1, missing: 0, stale: 1, removed: 0 });
    assert.equal(resynced.drift.subscriptions.stale, 1);
    assert.deepEqual({ missing: resynced.drift.charges.missing, removed: resynced.drift.charges.removed }, { missing: 1, removed: 1 });

    const after = await mirror();
    assert.deepEqual(after.filter((r) => !ofA(r)), planted.filter((r) => !ofA(r)), 'every other row as it was, the other customer\'s drift included');
    const stripeObjects = [
      ...(await inStripe<Stripe.Customer>('customers')).filter((c) => c.id === a.id),
      ...(await inStripe<Stripe.Subscription>('subscriptions')).filter((s) => s.customer === a.id),
      ...(await inStripe<Stripe.Charge>('charges')).filter((c) => c.customer === a.id),
    ];
    const mine = after.filter(ofA);
    assert.equal(mine.length, stripeObjects.length);
    for (const object of stripeObjects) assert.ok(sameStripeObject(mine.find((r) => r.id === object.id)?.data, object), `${object.id} as Stripe has it`);
    const profilesAfter = await profiles();
    assert.deepEqual(profilesAfter.filter((p) => p.id !== a.profile_id), profilesBefore.filter((p) => p.id !== a.profile_id), 'no other profile touched');
  });

  it('the customer page\'s Resync this customer button does the same and says what it repaired', async () => {
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const c = await customerWithEverything();
    const page = await client.get(`/projects/${t.projectId}/customers/${c.profile_id}`);
    assert.match(page.text, /data-resync-customer[\s\S]*?Resync this customer/);
    const res = await client.post(`/projects/${t.projectId}/customers/${c.profile_id}/resync`, { form: { _csrf: csrfFrom(page.text) } });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.location, `/projects/${t.projectId}/customers/${c.profile_id}?notice=resynced&repaired=0`);
    assert.match((await client.get(res.location!)).text, /Refetched from Stripe with its subscriptions and charges: nothing differed/);
  });

  it('the drift check repairs drift planted in the database across the account and reports it per kind', async () => {
    // what is left planted from the customer resync (customer b), plus a customer row gone
    const gone = (await t.db('stripe_customers').where({ connection_id: connection.id, deleted: false }).whereNotIn('id', [a.id, b.id]).orderBy('id', 'desc').first()).id;
    await t.db('stripe_customers').where({ connection_id: connection.id, id: gone }).delete();
    const { startedAt: previous } = (await api().get('/api/v1/integrations/stripe')).body.data[0].driftCheck.last;

    assert.equal((await api().post(`/api/v1/integrations/stripe/${connection.id}/drift-check`)).status, 202);
    const last = await lastDriftCheck(previous);
    assert.equal(last.status, 'succeeded', last.error);
    assert.deepEqual(
      Object.fromEntries(Object.entries(last.counts as Record<string, { missing: number; stale: number; removed: number }>)
        .map(([kind, d]) => [kind, { missing: d.missing, stale: d.stale, removed: d.removed }])),
      { customers: { missing: 1, stale: 1, removed: 0 }, subscriptions: { missing: 0, stale: 1, removed: 0 }, charges: { missing: 1, stale: 0, removed: 1 } },
    );

    // the mirror is Stripe again, row for row
    const kept = (await inStripe<Stripe.Customer>('customers')).filter((c) => !(c as { deleted?: boolean }).deleted);
    const all = [...kept, ...await inStripe<Stripe.Subscription>('subscriptions'), ...await inStripe<Stripe.Charge>('charges')];
    const rows = await mirror();
    assert.equal(rows.length, all.length);
    for (const object of all) assert.ok(sameStripeObject(rows.find((r) => r.id === object.id)?.data, object), `${object.id} as Stripe has it`);

    const [shown] = (await api().get('/api/v1/integrations/stripe')).body.data;
    assert.equal(shown.driftCheck.everyHours, 168);
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const settings = await client.get(`/projects/${t.projectId}/settings/integrations`);
    assert.match(settings.text, /Drift check weekly · last run [^<]+ UTC: repaired <span data-drift-kind="customers">2 customers<\/span>, <span data-drift-kind="subscriptions">1 subscription<\/span>, <span data-drift-kind="charges">2 charges<\/span>/);
  });

  it('the drift check\'s schedule is the connection\'s own', async () => {
    const res = await t.h.client().patch(`/api/v1/integrations/stripe/${connection.id}`, { bearer: t.apiKey, json: { driftCheckEveryHours: 24 } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.driftCheck.everyHours, 24);
    const bad = await t.h.client().patch(`/api/v1/integrations/stripe/${connection.id}`, { bearer: t.apiKey, json: { driftCheckEveryHours: -1 } });
    assert.equal(bad.status, 400);
  });
});
