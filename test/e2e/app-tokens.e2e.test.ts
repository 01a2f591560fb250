import assert from 'node:assert/strict';
import { tokenFingerprint } from '../../src/security/token-fingerprint';
import { refreshStripeTokenUpdate } from '../../src/workflows/messages';
import { useFullStack } from '../support/api/use-full-stack';
import { waitFor } from '../support/wait';

interface LoggedRequest { path: string; status: number; endpoint: string | null }
interface ConnectionJson { id: string; status: string; statusMessage: string | null; sync?: { phase: string; startedAt: string; counts: Record<string, number> } }

/**
 * A Stripe App connection's rotating tokens with the real worker: the account workflow refreshes
 * the access token before it expires; one that expires anyway during a long sync is renewed by the
 * refused call and the sync goes on; concurrent asks end in one refresh; a refresh token Stripe
 * refuses asks for a new install.
 */
describe('Stripe App tokens: refresh, expiry mid-sync, concurrency (emulator, real worker)', function () {
  this.timeout(300_000);
  const LIFETIME = 20;
  const { stack, t } = useFullStack<{ id: string }>('app-tokens', {
    livemode: false,
    businessName: 'Token Shop',
    seed: { seed: 21, customers: 1200, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  }, { stripe: { appTokenLifetimeSeconds: LIFETIME } }, { app: { accessTokenLifetimeSeconds: LIFETIME } });

  let connectionId: string;
  let firstCounts: Record<string, number>;
  const api = (path: string, method: 'GET' | 'POST' = 'GET') => t.h.client()[method === 'GET' ? 'get' : 'post'](path, { bearer: t.apiKey });
  const connection = async (): Promise<ConnectionJson> => (await api('/api/v1/integrations/stripe')).body.data[0];
  const credentials = () => t.h.deps.connections.credentials(connectionId);
  /** The emulator's request log from `from` on (its index), and where it ends. */
  async function requests(from = 0): Promise<{ data: LoggedRequest[]; end: number }> {
    const { data } = await stack.emulator.get<{ data: LoggedRequest[] }>('/_emulator/requests');
    return { data: data.slice(from), end: data.length };
  }
  const refreshes = (log: LoggedRequest[]) => log.filter((r) => r.path === '/v1/oauth/token');
  const refusedCalls = (log: LoggedRequest[]) => log.filter((r) => r.status === 401 && r.path !== '/v1/oauth/token');
  const accountWorkflow = () => stack.temporal.client.workflow.getHandle(`stripe-account:${connectionId}`);
  const setLifetime = (seconds: number) => stack.emulator.control(`/_emulator/apps/${stack.app!.clientId}`, { accessTokenLifetimeSeconds: seconds });
  /** What an activity does when Stripe refuses the token: ask the account workflow. */
  const askForRefresh = async () => accountWorkflow().executeUpdate(refreshStripeTokenUpdate, { args: [{ rejected: tokenFingerprint((await credentials()).accessToken!) }] });

  async function syncFinished(since: Date): Promise<ConnectionJson> {
    return waitFor(async () => {
      const c = await connection();
      return c?.status === 'active' && c.sync?.phase === 'done' && Date.parse(c.sync.startedAt) >= since.getTime() - 1000 ? c : undefined;
    }, { timeoutMs: 240_000, intervalMs: 250, what: 'the sync to finish' });
  }

  it('installs the Stripe App from Settings and finishes the first sync', async () => {
    const since = new Date();
    await stack.emulator.control('/_emulator/oauth/mode', { mode: 'auto-approve' });
    await stack.emulator.control('/_emulator/oauth/next-account', { account: stack.merchant.id });
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const ours = await client.get(`/projects/${t.projectId}/integrations/stripe/app`);
    const back = new URL((await fetch(ours.location!, { redirect: 'manual' })).headers.get('location')!);
    const res = await client.get(`${back.pathname}${back.search}`);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const done = await syncFinished(since);
    connectionId = done.id;
    firstCounts = done.sync!.counts;
    assert.ok(firstCounts.customers! > 1000);
  });

  it('refreshes the access token a quarter of its lifetime before it expires, before any call is refused', async () => {
    const first = await credentials();
    const refreshed = await waitFor(async () => {
      const now = await credentials();
      return now.accessToken !== first.accessToken ? now : undefined;
    }, { timeoutMs: (LIFETIME + 10) * 1000, intervalMs: 250, what: 'the timer\'s refresh' });
    assert.ok(Date.now() < Date.parse(first.accessTokenExpiresAt!), 'refreshed before the old token expired');
    assert.notEqual(refreshed.refreshToken, first.refreshToken);
    const { data } = await requests();
    assert.deepEqual(refusedCalls(data), [], 'no call met an expired token');
    assert.ok(refreshes(data).length >= 2, 'the install\'s exchange and the refresh');
  });

  it('an access token that expires during a long sync is renewed, and the sync goes on to the same result', async () => {
    // Stripe's tokens now live 2 s while we expect 20: the timer is too late, every expiry is met mid-sync
    await setLifetime(2);
    await askForRefresh();
    await stack.emulator.control('/_emulator/faults', { latencyMs: 40 });
    const { end } = await requests();
    const since = new Date();
    const res = await api(`/api/v1/integrations/stripe/${connectionId}/resync`, 'POST');
    assert.equal(res.status, 202, res.text);
    const done = await syncFinished(since);
    await stack.emulator.control('/_emulator/faults', { latencyMs: 0 });
    await setLifetime(LIFETIME);
    await askForRefresh();

    const { data } = await requests(end);
    const refused = refusedCalls(data);
    assert.ok(refused.length >= 1, 'the sync met an expired token');
    assert.ok(refused.every((r) => r.status === 401));
    assert.ok(refreshes(data).filter((r) => r.status === 200).length >= 2, 'renewed along the way');
    assert.deepEqual(done.sync!.counts, firstCounts);
    assert.equal(done.status, 'active');
  });

  it('concurrent refresh attempts end in one refresh: the connection keeps a valid token and invalid_grant never surfaces', async () => {
    const before = await credentials();
    const { end } = await requests();
    const rejected = tokenFingerprint(before.accessToken!);
    const asks = await Promise.all([
      ...Array.from({ length: 8 }, () => accountWorkflow().executeUpdate(refreshStripeTokenUpdate, { args: [{ rejected }] })),
      ...Array.from({ length: 4 }, () => accountWorkflow().executeUpdate(refreshStripeTokenUpdate, { args: [{}] })),
    ]);
    assert.equal(asks.filter((a) => a.refreshed).length, 1);
    const { data } = await requests(end);
    assert.deepEqual(refreshes(data).map((r) => r.status), [200], 'one refresh at Stripe');
    const after = await credentials();
    assert.notEqual(after.refreshToken, before.refreshToken);
    const account = await fetch(`${stack.emulator.url}/v1/account`, { headers: { authorization: `Bearer ${after.accessToken!}` } });
    assert.equal(account.status, 200, 'the stored token works');
    assert.equal((await connection()).status, 'active');
    assert.deepEqual(refreshes((await requests()).data).filter((r) => r.status !== 200), [], 'no refresh was refused in this whole suite');
  });

  it('a refresh token Stripe refuses (the App was uninstalled) sets needs_reconnect', async () => {
    await stack.emulator.control(`/_emulator/apps/${stack.app!.clientId}/uninstall`, { account: stack.merchant.id });
    assert.deepEqual(await askForRefresh(), { refreshed: false });
    const c = await waitFor(async () => {
      const now = await connection();
      return now.status === 'needs_reconnect' ? now : undefined;
    }, { what: 'needs_reconnect' });
    assert.match(c.statusMessage!, /Install the Stripe App again/);
    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const page = await client.get(`/projects/${t.projectId}/settings/integrations`);
    assert.match(page.text, /Stripe access was revoked or has expired/);
  });
});
