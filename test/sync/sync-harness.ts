/**
 * The real parts a sync e2e test stands on: a fresh database, the Stripe emulator with a Connect
 * platform, the shared Temporal dev server, a worker, and helpers to connect accounts and run syncs.
 */
import type { Knex } from 'knex';
import type { Config } from '../../src/config';
import { createConnectionStore, type ConnectionStore } from '../../src/db/connection-store';
import { createProjectStore } from '../../src/db/project-store';
import type { RateBudget, StripeConnection } from '../../src/domain/connection';
import { randomBase62 } from '../../src/domain/ids';
import { createEncryptor } from '../../src/security/encryption';
import { syncWorkflowId } from '../../src/temporal/ids';
import { createOrchestrator } from '../../src/temporal/orchestrator';
import type { StripeSyncOptions, StripeSyncResult } from '../../src/workflows/messages';
import { createDb } from '../../src/db/knex';
import type { Logger } from '../../src/logging/logger';
import {
  createTestDb, onCleanup, sharedTemporal, startPrivateStack, startTestEmulator, startTestWorker, testConfig,
  type PrivateStack, type TestEmulator, type TestTemporal,
} from '../support/services';
import type { DeepPartial } from '../support/config';
import type { RawCharge, RawCustomer, RawSubscription } from './oracle';

const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';

export interface Platform { accountId: string; clientId: string; secretKey: string }

export interface SyncEnv {
  db: Knex;
  dbUrl: string;
  emulator: TestEmulator;
  temporal: TestTemporal;
  platform: Platform;
  config: Config;
  taskQueue: string;
  connections: ConnectionStore;
  /** Only with `privateStack`: restart this test's own Temporal server and PostgreSQL. */
  stack?: PrivateStack;
}

/** A fresh database on the shared PostgreSQL and the shared Temporal server. */
async function sharedParts() {
  const [{ db, url }, temporal] = await Promise.all([createTestDb(), sharedTemporal()]);
  return { db, url, temporal, stack: undefined };
}

/** A PostgreSQL and a Temporal server of the test's own, which it may restart (with its Web UI if asked). */
async function privateParts(temporalUi = false) {
  const stack = await startPrivateStack({ temporalUi });
  const db = createDb(stack.databaseUrl, { max: 10 });
  onCleanup(() => db.destroy());
  return { db, url: stack.databaseUrl, temporal: stack.temporal, stack };
}

export interface SyncEnvOptions {
  emulator?: Parameters<typeof startTestEmulator>[0];
  privateStack?: boolean;
  /** more of the config (APP_URL, webhook secrets…); the stack's own addresses win */
  config?: DeepPartial<Config>;
  /** the platform's redirect URIs besides the one `connect` uses (the API's OAuth callback) */
  redirectUris?: string[];
  /** serve the Temporal Web UI of the private stack */
  temporalUi?: boolean;
}

export async function startSyncEnv(opts: SyncEnvOptions = {}): Promise<SyncEnv> {
  const [{ db, url, temporal, stack }, emulator] = await Promise.all([
    opts.privateStack || opts.temporalUi ? privateParts(opts.temporalUi) : sharedParts(),
    startTestEmulator(opts.emulator),
  ]);
  const platform = await emulator.control<Platform>('/_emulator/platform', { redirectUris: [REDIRECT_URI, ...(opts.redirectUris ?? [])] });
  const taskQueue = `sync-e2e-${randomBase62(8)}`;
  const config = testConfig({
    ...opts.config,
    databaseUrl: url,
    stripe: { ...opts.config?.stripe, apiUrl: emulator.url, secretKey: platform.secretKey, clientId: platform.clientId },
    temporal: { ...opts.config?.temporal, address: temporal.address, namespace: temporal.namespace, taskQueue },
  });
  return {
    db, dbUrl: url, emulator, temporal, platform, config, taskQueue, stack,
    connections: createConnectionStore(db, createEncryptor(config.encryptionKey!)),
  };
}

/** The environment a `node dist/src/bin/worker.js` child needs to join this test's stack. */
export const workerEnv = (env: SyncEnv): Record<string, string> => ({
  DATABASE_URL: env.dbUrl,
  TEMPORAL_ADDRESS: env.temporal.address,
  TEMPORAL_NAMESPACE: env.temporal.namespace,
  TEMPORAL_TASK_QUEUE: env.taskQueue,
  ENCRYPTION_KEY: env.config.encryptionKey!,
  STRIPE_API_URL: env.emulator.url,
  STRIPE_SECRET_KEY: env.platform.secretKey,
});

export const startInProcessWorker = (env: SyncEnv, logger?: Logger) =>
  startTestWorker({ db: env.db, config: env.config, taskQueue: env.taskQueue, temporal: env.temporal, logger });

export interface EmulatedAccount { id: string; secretKey: string; livemode: boolean }

export async function createSeededAccount(env: SyncEnv, seed: { seed: number; customers: number; livemode?: boolean }): Promise<EmulatedAccount> {
  return env.emulator.control<EmulatedAccount>('/_emulator/accounts', {
    livemode: seed.livemode ?? false,
    seed: { seed: seed.seed, customers: seed.customers, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  });
}

/** Connect OAuth as the settings page does it: approve on the emulator, exchange the code. */
async function oauthCredentials(env: SyncEnv, accountId: string) {
  const form = new URLSearchParams({
    client_id: env.platform.clientId, response_type: 'code', scope: 'read_only', redirect_uri: REDIRECT_URI, state: 's', decision: 'approve', account: accountId,
  });
  const approved = await fetch(`${env.emulator.url}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(approved.headers.get('location')!).searchParams.get('code');
  if (!code) throw new Error(`OAuth approval failed: ${approved.status} ${approved.headers.get('location')}`);
  const token = await fetch(`${env.emulator.url}/oauth/token`, {
    method: 'POST', headers: { authorization: `Bearer ${env.platform.secretKey}` }, body: new URLSearchParams({ grant_type: 'authorization_code', code }),
  });
  const body = (await token.json()) as { access_token: string; refresh_token: string; livemode: boolean };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

export async function connect(
  env: SyncEnv,
  account: EmulatedAccount,
  opts: { mode: 'oauth' | 'api_key'; projectId?: string; livemode?: boolean; secretKey?: string; rateBudget?: RateBudget; accountName?: string },
): Promise<StripeConnection> {
  const projectId = opts.projectId ?? (await createProjectStore(env.db).create(`sync e2e ${randomBase62(6)}`)).project.id;
  const credentials = opts.mode === 'oauth' ? await oauthCredentials(env, account.id) : { secretKey: opts.secretKey ?? account.secretKey };
  const { connection } = await env.connections.upsert({
    projectId, stripeAccountId: account.id, livemode: opts.livemode ?? account.livemode, mode: opts.mode, credentials, accountName: opts.accountName,
  });
  if (opts.rateBudget) await env.connections.setRateBudget(connection.id, opts.rateBudget);
  return env.connections.get(connection.id);
}

/**
 * Starts the sync through the product's orchestrator (same id, search attributes, conflict policy);
 * with test options (concurrency, continue-as-new threshold) it starts the workflow directly.
 */
export async function startSync(env: SyncEnv, connection: StripeConnection, options?: StripeSyncOptions) {
  const workflowId = syncWorkflowId(connection.id);
  if (!options) {
    await createOrchestrator(env.temporal.client, env.taskQueue).startSync(connection, 'initial');
    return env.temporal.client.workflow.getHandle(workflowId);
  }
  return env.temporal.client.workflow.start('StripeSyncWorkflow', {
    taskQueue: env.taskQueue, workflowId, args: [{ connectionId: connection.id, kind: 'initial', options }],
  });
}

export async function runSync(env: SyncEnv, connection: StripeConnection, options?: StripeSyncOptions): Promise<StripeSyncResult & { ms: number }> {
  const started = Date.now();
  const handle = await startSync(env, connection, options);
  const result = (await handle.result()) as StripeSyncResult;
  return { ...result, ms: Date.now() - started };
}

export async function rawObjects(env: Pick<SyncEnv, 'emulator'>, accountId: string, livemode = false) {
  const get = async <T>(type: string) =>
    (await env.emulator.get<{ data: T[] }>(`/_emulator/accounts/${accountId}/objects?type=${type}&includeDeleted=true&livemode=${livemode}`)).data;
  return {
    customers: await get<RawCustomer>('customers'),
    subscriptions: await get<RawSubscription>('subscriptions'),
    charges: await get<RawCharge>('charges'),
  };
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** the query string, when the emulator's log records it */
  query?: string;
  endpoint: string | null;
  account: string | null;
  time: number;
  status: number;
  /** the fault the emulator injected into it (reset, stall, error, rate_limit), if any */
  fault?: string | null;
}

/** The endpoints a backfill's pages come from (a sync also counts with search, and reads the account). */
export const SYNCED_LISTS: ReadonlySet<string> = new Set(['GET /v1/customers', 'GET /v1/subscriptions', 'GET /v1/charges']);

/** The emulator's request log since `since`; for one account, or all (a refused request names none). */
export async function requestLog(env: Pick<SyncEnv, 'emulator'>, accountId: string | null, since = 0): Promise<LoggedRequest[]> {
  const account = accountId ? `&account=${accountId}` : '';
  return (await env.emulator.get<{ data: LoggedRequest[] }>(`/_emulator/requests?since=${since}${account}`)).data;
}

/** The most requests in any one wall-clock second, overall and per endpoint. */
export function busiestSecond(requests: LoggedRequest[]): { global: number; perEndpoint: number } {
  const global = new Map<number, number>();
  const perEndpoint = new Map<string, number>();
  for (const r of requests) {
    const second = Math.floor(r.time / 1000);
    global.set(second, (global.get(second) ?? 0) + 1);
    const key = `${second} ${r.endpoint}`;
    perEndpoint.set(key, (perEndpoint.get(key) ?? 0) + 1);
  }
  return { global: Math.max(0, ...global.values()), perEndpoint: Math.max(0, ...perEndpoint.values()) };
}
