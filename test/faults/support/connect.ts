import { waitFor } from '../../support/wait';
import type { FaultStack } from './fault-stack';

export interface TestProject { projectId: string; apiKey: string }

/** A restricted-key connection made through the JSON API, as a merchant's script makes it. */
export async function connectWithApiKey(stack: FaultStack, project: TestProject, secretKey: string): Promise<string> {
  const res = await stack.api.client().post('/api/v1/integrations/stripe/api-key', { bearer: project.apiKey, json: { secretKey } });
  if (res.status !== 201) throw new Error(`connecting with a key failed: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.id as string;
}

/**
 * Connect with Stripe through the pages, as a person does it: sign in, our redirect to the
 * (emulated) authorize page, approved for `accountId`, and our callback exchanging the code.
 */
export async function connectWithOAuth(stack: FaultStack, project: TestProject, accountId: string): Promise<string> {
  const { emulator } = stack.env;
  const { client } = await stack.api.signedIn(project.projectId, project.apiKey);
  await emulator.control('/_emulator/oauth/mode', { mode: 'auto-approve' });
  await emulator.control('/_emulator/oauth/next-account', { account: accountId });
  const ours = await client.get(`/projects/${project.projectId}/integrations/stripe/connect`);
  if (ours.status !== 302 || !ours.location) throw new Error(`no redirect to Stripe: ${ours.status} ${ours.text.slice(0, 300)}`);
  const stripe = await fetch(ours.location, { redirect: 'manual' });
  const back = new URL(stripe.headers.get('location') ?? '');
  const res = await client.get(`${back.pathname}${back.search}`);
  if (res.status !== 303) throw new Error(`the OAuth callback failed: ${res.status} ${res.text.slice(0, 300)}`);
  const connection = (await stack.api.deps.connections.listByProject(project.projectId)).find((c) => c.stripeAccountId === accountId);
  if (!connection) throw new Error(`no connection to ${accountId} after the callback`);
  return connection.id;
}

/** Waits until the connection's first sync is done (its status is `active`). */
export async function untilActive(stack: FaultStack, project: TestProject, connectionId: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(async () => {
    const res = await stack.api.client().get('/api/v1/integrations/stripe', { bearer: project.apiKey });
    return (res.body?.data as { id: string; status: string }[] | undefined)?.find((c) => c.id === connectionId)?.status === 'active';
  }, { what: `connection ${connectionId} active`, timeoutMs, intervalMs: 250 });
}
