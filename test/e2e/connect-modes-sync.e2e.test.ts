import assert from 'node:assert/strict';
import { useFullStack } from '../support/api/use-full-stack';
import { connectWithOAuth } from '../support/api/stripe-connect-flows';
import { waitFor } from '../support/wait';

interface Customer { email: string | null; traits: Record<string, unknown> }

/**
 * One Stripe account connected by two projects, one through OAuth and one with a restricted key,
 * synced by the real workflow: both see the same customers, traits and segments, and a resync
 * changes nothing.
 */
describe('OAuth and API-key connections sync the same data (emulator, real worker)', function () {
  this.timeout(300_000);
  const { stack, t } = useFullStack<{ id: string; secretKey: string }>('modes', {
    livemode: false,
    seed: { seed: 11, customers: 300 },
  });
  let keyProject: { projectId: string; apiKey: string };
  before(async () => {
    keyProject = await t.h.createProject('Key project');
  });

  const api = (apiKey: string) => ({
    get: (path: string) => t.h.client().get(path, { bearer: apiKey }),
    post: (path: string, json?: unknown) => t.h.client().post(path, { bearer: apiKey, json }),
  });

  /** Waits until the project's only connection has finished a sync that started after `since`. */
  async function synced(apiKey: string, since: Date) {
    let last: unknown;
    try {
      return await waitFor(async () => {
        const [c] = (await api(apiKey).get('/api/v1/integrations/stripe')).body.data;
        last = c;
        return c?.status === 'active' && c.sync?.phase === 'done' && Date.parse(c.sync.startedAt) >= since.getTime() - 1000 ? c : undefined;
      }, { timeoutMs: 240_000, intervalMs: 250, what: 'the sync to finish' });
    } catch (err) {
      throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}; workflow: ${await workflowTrouble(last)}`, { cause: err });
    }
  }

  /** What the sync workflow is stuck on, for a timeout's message. */
  async function workflowTrouble(connection: unknown): Promise<string> {
    const id = (connection as { id?: string } | undefined)?.id;
    if (!id) return 'no connection';
    const { raw } = await stack.temporal.client.workflow.getHandle(`stripe-sync:${id}`).describe();
    return JSON.stringify(raw.pendingActivities?.map((a) => ({ type: a.activityType?.name, attempt: a.attempt, failure: a.lastFailure?.message })));
  }

  async function everyCustomer(apiKey: string): Promise<Customer[]> {
    const all: Customer[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await api(apiKey).get(`/api/v1/customers?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...body.data.map((c: Customer) => ({ email: c.email, traits: c.traits })));
      cursor = body.nextCursor;
    } while (cursor);
    return all.sort((a, b) => String(a.traits['stripe.customer_id']).localeCompare(String(b.traits['stripe.customer_id'])));
  }
  const segmentCounts = async (apiKey: string) => (await api(apiKey).get('/api/v1/segments')).body.data;

  it('both connections finish their first sync with the same customers, traits and segments', async () => {
    const since = new Date();
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    await connectWithOAuth(stack, client, t.projectId);
    const byKey = await api(keyProject.apiKey).post('/api/v1/integrations/stripe/api-key', { secretKey: stack.merchant.secretKey });
    assert.equal(byKey.status, 201, byKey.text);

    const [oauthConn, keyConn] = await Promise.all([synced(t.apiKey, since), synced(keyProject.apiKey, since)]);
    assert.equal(oauthConn.mode, 'oauth');
    assert.equal(keyConn.mode, 'api_key');
    assert.deepEqual(oauthConn.sync.counts, keyConn.sync.counts);
    assert.ok(oauthConn.sync.counts.customers > 0);

    const [viaOAuth, viaKey] = await Promise.all([everyCustomer(t.apiKey), everyCustomer(keyProject.apiKey)]);
    assert.ok(viaOAuth.length > 0);
    assert.deepEqual(viaKey, viaOAuth);
    assert.deepEqual(await segmentCounts(keyProject.apiKey), await segmentCounts(t.apiKey));
  });

  it('a resync leaves the same customers', async () => {
    const before = await everyCustomer(keyProject.apiKey);
    const [conn] = (await api(keyProject.apiKey).get('/api/v1/integrations/stripe')).body.data;
    const since = new Date();
    const res = await api(keyProject.apiKey).post(`/api/v1/integrations/stripe/${conn.id}/resync`);
    assert.equal(res.status, 202);
    assert.equal(res.body.started, true);
    await synced(keyProject.apiKey, since);
    assert.deepEqual(await everyCustomer(keyProject.apiKey), before);
  });
});
