import assert from 'node:assert/strict';
import { useApiHarness } from '../../../test/support/api/use-api-harness';

describe('customers API', () => {
  const t = useApiHarness();

  const api = () => t.h.client();

  it('refuses requests without a valid API key', async () => {
    const none = await api().get('/api/v1/customers');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'unauthorized');
    assert.ok(none.body.error.requestId);
    const wrong = await api().get('/api/v1/customers', { bearer: 'sek_notarealkeyatall' });
    assert.equal(wrong.status, 401);
  });

  it('creates a customer by email, then updates the same one whatever the case and spaces', async () => {
    const created = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: ' Ada@Example.com ', traits: { plan: 'pro', seats: 3 } } });
    assert.equal(created.status, 201);
    assert.equal(created.body.email, 'Ada@Example.com');
    assert.deepEqual(created.body.traits, { plan: 'pro', seats: 3 });
    assert.match(created.body.id, /^prof_/);
    assert.ok(Date.parse(created.body.createdAt));

    const again = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'ada@example.COM', traits: { seats: 4, beta: true } } });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, created.body.id);
    assert.deepEqual(again.body.traits, { plan: 'pro', seats: 4, beta: true });
    assert.deepEqual(Object.keys(again.body).sort(), ['createdAt', 'email', 'id', 'traits', 'updatedAt']);
  });

  it('refuses to write stripe.* traits, which belong to the sync', async () => {
    const res = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'x@example.com', traits: { 'stripe.name': 'Evil' } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    assert.match(res.body.error.message, /stripe\./);
  });

  it('refuses trait keys with control characters, DEL and C1 controls included', async () => {
    for (const key of ['bell\u0007', 'del\u007f', 'csi\u009b']) {
      const res = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'x@example.com', traits: { [key]: 1 } } });
      assert.equal(res.status, 400, JSON.stringify(key));
      assert.equal(res.body.error.code, 'validation_error');
      assert.match(res.body.error.message, /^traits\./);
    }
  });

  it('keeps the stripe.* traits the sync wrote when the product identifies the customer', async () => {
    await t.db('profiles').insert({ id: 'prof_synced1', project_id: t.projectId, email: 'sync@example.com', email_key: 'sync@example.com',
      traits: JSON.stringify({ 'stripe.customer_id': 'cus_1', 'stripe.active_subscription': true }) });
    const res = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'SYNC@example.com', traits: { plan: 'team' } } });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, 'prof_synced1');
    assert.deepEqual(res.body.traits, { 'stripe.customer_id': 'cus_1', 'stripe.active_subscription': true, plan: 'team' });
  });

  it('PATCH merges traits, removes null ones, and changes the email', async () => {
    const { body: c } = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'patch@example.com', traits: { a: 1, b: 2 } } });
    const res = await api().patch(`/api/v1/customers/${c.id}`, { bearer: t.apiKey, json: { email: 'New@Example.com', traits: { b: null, c: 'x' } } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.traits, { a: 1, c: 'x' });
    assert.equal(res.body.email, 'New@Example.com');
    const found = await api().get('/api/v1/customers?email=new@example.com', { bearer: t.apiKey });
    assert.deepEqual(found.body.data.map((x: { id: string }) => x.id), [c.id]);
  });

  it('PATCH to an email another customer has is a conflict', async () => {
    const { body: a } = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'one@example.com' } });
    await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'two@example.com' } });
    const res = await api().patch(`/api/v1/customers/${a.id}`, { bearer: t.apiKey, json: { email: 'TWO@example.com' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'conflict');
  });

  it('answers 400 on bad input and 404 on unknown customers', async () => {
    const bad = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'not-an-email' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^email: /);
    const badJson = await api().post('/api/v1/customers', { bearer: t.apiKey, headers: { 'content-type': 'application/json' }, raw: '{"email":' });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error.code, 'validation_error');
    const missing = await api().get('/api/v1/customers/prof_doesnotexist', { bearer: t.apiKey });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
    const empty = await api().patch('/api/v1/customers/prof_doesnotexist', { bearer: t.apiKey, json: {} });
    assert.equal(empty.status, 400);
  });

  it('pages through every customer exactly once, even when they share a creation instant', async () => {
    const { projectId: pid, apiKey: key } = await t.h.createProject('Paging');
    // one statement: every row gets the same now()
    await t.db('profiles').insert(Array.from({ length: 7 }, (_, i) => ({ id: `prof_page${i}`, project_id: pid, external_key: `cus_${i}` })));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api().get(`/api/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { bearer: key });
      assert.equal(res.status, 200);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), Array.from({ length: 7 }, (_, i) => `prof_page${i}`));
  });

  it('limits pages to 200 and rejects a forged cursor', async () => {
    assert.equal((await api().get('/api/v1/customers?limit=201', { bearer: t.apiKey })).status, 400);
    const forged = await api().get('/api/v1/customers?cursor=bm9wZQ', { bearer: t.apiKey });
    assert.equal(forged.status, 400);
    assert.match(forged.body.error.message, /cursor/);
  });

  it('never shows one project the customers of another', async () => {
    const other = await t.h.createProject('Other');
    const { body: mine } = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'private@example.com', traits: { secret: 'yes' } } });
    assert.equal((await api().get(`/api/v1/customers/${mine.id}`, { bearer: other.apiKey })).status, 404);
    assert.equal((await api().patch(`/api/v1/customers/${mine.id}`, { bearer: other.apiKey, json: { traits: { x: 1 } } })).status, 404);
    const list = await api().get('/api/v1/customers?email=private@example.com', { bearer: other.apiKey });
    assert.deepEqual(list.body, { data: [], nextCursor: null });
    // the same email in the other project is another customer
    const theirs = await api().post('/api/v1/customers', { bearer: other.apiKey, json: { email: 'private@example.com' } });
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.body.id, mine.id);
    assert.deepEqual(theirs.body.traits, {});
  });

  it('Resync this customer: refused for a customer without a Stripe customer, or whose connection cannot sync; another project\'s is not found', async () => {
    const { body: plain } = await api().post('/api/v1/customers', { bearer: t.apiKey, json: { email: 'nolink@example.com' } });
    const unlinked = await api().post(`/api/v1/customers/${plain.id}/resync`, { bearer: t.apiKey });
    assert.equal(unlinked.status, 409);
    assert.match(unlinked.body.error.message, /not linked to a Stripe customer/);

    const { connection } = await t.h.deps.connections.upsert({
      projectId: t.projectId, stripeAccountId: 'acct_resync', livemode: false, mode: 'api_key', credentials: { secretKey: 'rk_test_x' },
    });
    await t.db('stripe_customer_links').insert({ connection_id: connection.id, stripe_customer_id: 'cus_resync', profile_id: plain.id });
    const resynced = await api().post(`/api/v1/customers/${plain.id}/resync`, { bearer: t.apiKey });
    assert.equal(resynced.status, 200, resynced.text);
    assert.deepEqual(t.h.orchestrator.customerResyncs, [{ connectionId: connection.id, customerId: 'cus_resync' }]);
    assert.equal(resynced.body.stripeCustomers[0].stripeCustomerId, 'cus_resync');

    await t.h.deps.connections.disconnect(connection.id, { by: 'product' });
    const refused = await api().post(`/api/v1/customers/${plain.id}/resync`, { bearer: t.apiKey });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /disconnected; reconnect it/);

    const other = await t.h.createProject('Other');
    assert.equal((await api().post(`/api/v1/customers/${plain.id}/resync`, { bearer: other.apiKey })).status, 404);
  });
});
