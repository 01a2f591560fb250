import { paths } from '../../../src/api/views/paths';
import type { TestClient } from '../../support/api/http-client';
import { waitFor } from '../../support/wait';
import type { FaultStack } from './fault-stack';

export interface TestProject { projectId: string; apiKey: string }

/** A restricted-key connection made through the JSON API, as a merchant's script makes it. */
export async function connectWithApiKey(stack: FaultStack, project: TestProject, secretKey: string): Promise<string> {
  const res = await stack.api.client().post('/api/v1/integrations/stripe/api-key', { bearer: project.apiKey, json: { secretKey } });
  if (res.status !== 201) throw new Error(`connecting with a key failed: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.id as string;
}

/** How the emulated Stripe answers an authorize page: approve for the next account, or decline. */
export type StripeAnswer = 'auto-approve' | 'auto-deny';

/**
 * A trip through Stripe as a browser makes it: our page at `startPath` redirects to the (emulated)
 * authorize or install page, which answers for `accountId` at once; returns where Stripe sends the
 * browser back (our callback, with `code` or `error`, and the state).
 */
export async function throughStripe(stack: FaultStack, client: TestClient, startPath: string, accountId: string, answer: StripeAnswer = 'auto-approve'): Promise<URL> {
  const { emulator } = stack.env;
  await emulator.control('/_emulator/oauth/mode', { mode: answer });
  await emulator.control('/_emulator/oauth/next-account', { account: accountId });
  const ours = await client.get(startPath);
  if (ours.status !== 302 || !ours.location) throw new Error(`no redirect to Stripe: ${ours.status} ${ours.text.slice(0, 300)}`);
  const stripe = await fetch(ours.location, { redirect: 'manual' });
  return new URL(stripe.headers.get('location') ?? '');
}

/** The callback Stripe sent the browser back to, as that browser follows it. */
export const followBack = (client: TestClient, back: URL) => client.get(`${back.pathname}${back.search}`);

/** The project's connection to `accountId`, once the callback has made it. */
export async function connectionTo(stack: FaultStack, projectId: string, accountId: string): Promise<string> {
  const connection = (await stack.api.deps.connections.listByProject(projectId)).find((c) => c.stripeAccountId === accountId);
  if (!connection) throw new Error(`no connection to ${accountId} after the callback`);
  return connection.id;
}

/**
 * Connect with Stripe through the pages, as a person does it: sign in, our redirect to the
 * (emulated) authorize page, approved for `accountId`, and our callback exchanging the code.
 */
export async function connectWithOAuth(stack: FaultStack, project: TestProject, accountId: string): Promise<string> {
  const { client } = await stack.api.signedIn(project.projectId, project.apiKey);
  const res = await followBack(client, await throughStripe(stack, client, paths.connect(project.projectId), accountId));
  if (res.status !== 303) throw new Error(`the OAuth callback failed: ${res.status} ${res.text.slice(0, 300)}`);
  return connectionTo(stack, project.projectId, accountId);
}

/** Waits until the connection's first sync is done (its status is `active`). */
export async function untilActive(stack: FaultStack, project: TestProject, connectionId: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(async () => {
    const res = await stack.api.client().get('/api/v1/integrations/stripe', { bearer: project.apiKey });
    return (res.body?.data as { id: string; status: string }[] | undefined)?.find((c) => c.id === connectionId)?.status === 'active';
  }, { what: `connection ${connectionId} active`, timeoutMs, intervalMs: 250 });
}
