import assert from 'node:assert/strict';
import type { FullStack } from './use-full-stack';
import type { TestClient } from './http-client';
import type { ApiHarness } from './api-harness';
import { waitFor } from '../wait';

/**
 * "Connect with Stripe" as a browser does it, with the emulator approving at once: our redirect,
 * Stripe's answer, our callback. Connects `account` (the stack's merchant by default).
 */
export async function connectWithOAuth(stack: FullStack<unknown>, browser: TestClient, projectId: string, account?: string): Promise<string> {
  await stack.emulator.control('/_emulator/oauth/mode', { mode: 'auto-approve' });
  await stack.emulator.control('/_emulator/oauth/next-account', { account: account ?? (stack.merchant as { id: string }).id });
  const ours = await browser.get(`/projects/${projectId}/integrations/stripe/connect`);
  const back = new URL((await fetch(ours.location!, { redirect: 'manual' })).headers.get('location')!);
  const res = await browser.get(`${back.pathname}${back.search}`);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return res.location!;
}

/**
 * Waits until the connection has finished a sync that started, or was resumed (a retry reopens the
 * failed run), at `since` or later and finished after it; returns it as the API shows it.
 */
export async function syncedSince(h: ApiHarness, apiKey: string, connectionId: string, since: Date, timeoutMs = 180_000) {
  let last: unknown;
  try {
    return await waitFor(async () => {
      const { body } = await h.client().get('/api/v1/integrations/stripe', { bearer: apiKey });
      const c = body.data.find((x: { id: string }) => x.id === connectionId);
      last = c;
      const after = (at: string | null | undefined) => !!at && Date.parse(at) >= since.getTime() - 1000;
      return c?.status === 'active' && c.sync?.phase === 'done' && (after(c.sync.startedAt) || (c.sync.resumes > 0 && after(c.sync.finishedAt))) ? c : undefined;
    }, { timeoutMs, intervalMs: 250, what: 'the sync to finish' });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)}`, { cause: err });
  }
}

/**
 * Registers a `before` hook that connects the stack's merchant to the suite's project with its
 * restricted key and waits for the first sync to finish; the returned holder has the connection's id by then.
 */
export function useSyncedKeyConnection(stack: FullStack<{ secretKey: string }>, t: { h: ApiHarness; apiKey: string }): { id: string } {
  const connection = { id: '' };
  before(async () => {
    const since = new Date();
    const res = await t.h.asProject(t.apiKey).post('/api/v1/integrations/stripe/api-key', { secretKey: stack.merchant.secretKey });
    assert.equal(res.status, 201, res.text);
    connection.id = res.body.id;
    await syncedSince(t.h, t.apiKey, connection.id, since);
  });
  return connection;
}
