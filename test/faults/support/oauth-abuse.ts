/**
 * What the OAuth and install abuse row stands on: the two ways a browser comes back from Stripe
 * with a state (Connect OAuth, the Stripe App installed from Settings), a state store whose clock
 * the suite sets back, the judge of a refusal page, and what a project has of Stripe — connections
 * and their tokens, sync runs, workflows — so that a suite can say nothing was connected.
 */
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { paths } from '../../../src/api/views/paths';
import { createOAuthStateStore, OAUTH_STATE_TTL_SECONDS, type OAuthStateStore } from '../../../src/db/oauth-state-store';
import { backLinkFrom, type TestClient, type TestResponse } from '../../support/api/http-client';
import { accountWorkflowId, syncWorkflowId } from '../../../src/temporal/ids';
import { requestLog } from '../../sync/sync-harness';
import { waitFor } from '../../support/wait';
import type { FaultStack } from './fault-stack';

/** A way of connecting whose authorization starts on our page and comes back with our state. */
export interface AuthorizationFlow {
  name: string;
  /** our page that sends the browser to Stripe with a new state */
  start: (projectId: string) => string;
  /** where the emulator exchanges this flow's codes for tokens */
  tokenPath: string;
  /** how our page names what Stripe refused */
  refused: string;
}

export const AUTHORIZATION_FLOWS: AuthorizationFlow[] = [
  { name: 'Connect OAuth', start: paths.connect, tokenPath: '/oauth/token', refused: 'the authorization' },
  { name: 'the Stripe App installed from Settings', start: paths.appInstall, tokenPath: '/v1/oauth/token', refused: 'the App install' },
];

const TOKEN_PATHS = new Set(AUTHORIZATION_FLOWS.map((f) => f.tokenPath));

/** The statuses of the code and refresh-token exchanges the emulator answered since `since` (ms). */
export async function tokenExchanges(stack: FaultStack, since: number): Promise<number[]> {
  return (await requestLog(stack.env, null, since)).filter((r) => r.method === 'POST' && TOKEN_PATHS.has(r.path)).map((r) => r.status);
}

/** The clock of the states the API mints: set back, a state is minted already that many seconds old. */
export interface StateClock { mintedAgoSeconds: number }

/** The product's state store, minting with `clock` (its lifetime runs from then) and redeeming as ever. */
export function stateStoreWithClock(db: Knex, clock: StateClock): OAuthStateStore {
  const store = createOAuthStateStore(db);
  return {
    create: (projectId, sessionId) => createOAuthStateStore(db, OAUTH_STATE_TTL_SECONDS - clock.mintedAgoSeconds).create(projectId, sessionId),
    consume: (id, sessionId) => store.consume(id, sessionId),
  };
}

/**
 * What a refusal must show: its status, what the title and heading say, what the text explains,
 * and whose Integrations it leads back to (null: no project is known, so the page tells the way).
 */
export interface Refusal {
  status: number;
  heading: RegExp;
  says: RegExp;
  backTo: string | null;
}

const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\/src\/|\bError: |\{"error"/;

/**
 * A refusal as a person sees it: a 4xx HTML page (never JSON, never a stack trace) whose title and
 * heading say what went wrong, that says nothing was connected, and whose way back works — to
 * Settings → Integrations in a signed-in browser, to the project's sign-in in any other.
 */
export async function assertRefusalPage(client: TestClient, res: TestResponse, want: Refusal): Promise<void> {
  assert.equal(res.status, want.status, res.text.slice(0, 400));
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(res.body, undefined, 'a page, not JSON');
  assert.match(/<title>([^<]*)<\/title>/.exec(res.text)?.[1] ?? '', want.heading);
  assert.match(/<h1>([^<]*)<\/h1>/.exec(res.text)?.[1] ?? '', want.heading);
  assert.match(res.text, want.says);
  assert.match(res.text, /No Stripe account was connected/);
  assert.doesNotMatch(res.text, STACK_TRACE);
  const back = backLinkFrom(res.text);
  if (!want.backTo) {
    assert.equal(back, undefined);
    assert.match(res.text, /sign in to your project and open Settings → Integrations/);
    return;
  }
  assert.equal(back, paths.settings(want.backTo), 'a link back to Settings → Integrations');
  const there = await client.get(back!);
  const signIn = there.status === 302 && there.location?.startsWith(`${paths.login(want.backTo)}?`);
  assert.ok(there.status === 200 || signIn, `the way back answers ${there.status} ${there.location ?? ''}`);
}

/** What a project has of Stripe: its connections (encrypted tokens as stored), sync runs and workflows. */
export interface StripeFootprint {
  connections: { id: string; stripe_account_id: string; mode: string; livemode: boolean; credentials: string | null }[];
  syncRuns: number;
  workflows: number;
}

export async function stripeFootprint(stack: FaultStack, projectId: string): Promise<StripeFootprint> {
  const { db, temporal } = stack.env;
  const connections = await db('stripe_connections').where({ project_id: projectId }).orderBy('id')
    .select('id', 'stripe_account_id', 'mode', 'livemode', 'credentials');
  const [{ n }] = await db('sync_runs').whereIn('connection_id', connections.map((c: { id: string }) => c.id)).count({ n: '*' });
  const { count } = await temporal.client.workflow.count(`ProjectId = "${projectId}"`);
  return { connections, syncRuns: Number(n), workflows: count };
}

/** Waits until Temporal's visibility lists `n` of the project's workflows (so that a count is the count). */
export const untilWorkflowsListed = (stack: FaultStack, projectId: string, n: number) =>
  waitFor(async () => (await stripeFootprint(stack, projectId)).workflows >= n, { what: `${n} workflows of ${projectId} listed`, timeoutMs: 30_000 });

/**
 * Waits until the connection's first sync has closed and its account workflow waits on nothing
 * (its follower of the sync has returned): a worker shut down before then would wait on the
 * follower for a sync it no longer runs.
 */
export async function untilAtRest(stack: FaultStack, connectionId: string): Promise<void> {
  const { client } = stack.env.temporal;
  await client.workflow.getHandle(syncWorkflowId(connectionId)).result();
  await waitFor(async () => !(await client.workflow.getHandle(accountWorkflowId(connectionId)).describe()).raw.pendingActivities?.length,
    { what: `the account workflow of ${connectionId} at rest`, timeoutMs: 30_000 });
}

export const NOTHING: StripeFootprint = { connections: [], syncRuns: 0, workflows: 0 };
