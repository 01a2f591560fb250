/**
 * The product on parts a fault suite owns: its own PostgreSQL and Temporal server (never the ones
 * other tests share), the Stripe emulator with a Connect platform, the API with the real
 * orchestrator at APP_URL, and a worker — in this process, or as `node dist/src/bin/worker.js`
 * that the suite may kill by its pid. Their logs go through the product's logger into files the
 * suite can read.
 */
import type { ApiDeps } from '../../../src/api/deps';
import type { Config } from '../../../src/config';
import { restartablePort } from '../../../src/infra/free-port';
import { startInboxSweeper } from '../../../src/api/live/inbox-sweeper';
import { createOrchestrator } from '../../../src/temporal/orchestrator';
import { startApiHarness, type ApiHarness } from '../../support/api/api-harness';
import type { DeepPartial } from '../../support/config';
import type { EmulatorOptions } from '../../../src/stripe-emulator';
import { spawnWorkerProcess, type RunningTestWorker, type WorkerProcess } from '../../support/worker';
import { startInProcessWorker, startSyncEnv, workerEnv, type SyncEnv } from '../../sync/sync-harness';
import { captureLogs, type CapturedLogs } from './captured-logs';

export const OAUTH_CALLBACK_PATH = '/integrations/stripe/oauth/callback';
export const APP_CALLBACK_PATH = '/integrations/stripe/app/callback';

export interface FaultStackOptions {
  label: string;
  config?: DeepPartial<Config>;
  emulator?: EmulatorOptions;
  /** where the worker runs; `process` when the suite kills it or reads its whole output */
  worker?: 'in-process' | 'process' | 'none';
  /** level of the captured API and worker logs */
  logLevel?: string;
  /** a Stripe App owned by the platform, installable from Settings and from Stripe */
  stripeApp?: boolean;
  /** parts of the API the suite replaces (its orchestrator is always the real one) */
  apiOverrides?: (env: SyncEnv) => Partial<ApiDeps>;
  /**
   * Run the inbox sweeper beside the API, every so many ms, as `npm run api` does (every 30 s):
   * for suites where webhooks arrive while Temporal is down.
   */
  sweepInboxEveryMs?: number;
}

export interface FaultStack {
  /** the database, the emulator and its platform, the private Temporal server, the config */
  env: SyncEnv;
  /** the real app, with the real orchestrator, listening at `appUrl` */
  api: ApiHarness;
  /** `http://127.0.0.1:<port>`: APP_URL, so the emulator reaches the webhooks and OAuth returns here */
  appUrl: string;
  /** the Stripe App's client id, with `stripeApp` */
  appClientId?: string;
  logs: CapturedLogs;
  worker?: RunningTestWorker | WorkerProcess;
  /** the options it was started with */
  options: FaultStackOptions;
}

/** The variables a worker process needs beyond the stack's addresses, from the suite's config. */
const workerProcessEnv = (config: Config, logLevel: string): Record<string, string> => ({
  APP_URL: config.appUrl,
  LOG_LEVEL: logLevel,
  STRIPE_CONNECT_URL: config.stripe.connectUrl,
  STRIPE_CLIENT_ID: config.stripe.clientId ?? '',
  STRIPE_EVENTS_POLL_SECONDS: String(config.stripe.eventsPollSeconds),
  AUTOMATION_ALLOW_PRIVATE_URLS: String(config.automations.allowPrivateUrls),
});

export async function startFaultStack(opts: FaultStackOptions): Promise<FaultStack> {
  const logLevel = opts.logLevel ?? 'info';
  const appUrl = `http://127.0.0.1:${await restartablePort()}`;
  const env = await startSyncEnv({
    privateStack: true,
    emulator: opts.emulator,
    redirectUris: [`${appUrl}${OAUTH_CALLBACK_PATH}`],
    config: { ...opts.config, appUrl, stripe: { ...opts.config?.stripe } },
  });
  // the platform's URLs are known only now; OAuth goes to the emulator as it would to Stripe
  const app = opts.stripeApp ? await createStripeApp(env, appUrl) : {};
  env.config = Object.freeze({ ...env.config, stripe: { ...env.config.stripe, connectUrl: env.emulator.url, ...app } });
  const logs = captureLogs(opts.label);
  const stack: FaultStack = {
    env, appUrl, logs, options: opts, api: await startStackApi({ env, logs, options: opts }), appClientId: env.config.stripe.appClientId,
  };
  if (opts.worker === 'process') stack.worker = spawnStackWorker(stack);
  else if (opts.worker !== 'none') stack.worker = await startInProcessWorker(env, logs.logger('worker', logLevel));
  return stack;
}

let apiStarts = 0;

/**
 * The API of the stack, at APP_URL, with the real orchestrator (and the inbox sweeper when the
 * options ask for it): at the start, and again after a suite stopped it.
 */
export async function startStackApi(stack: Pick<FaultStack, 'env' | 'logs' | 'options'>): Promise<ApiHarness> {
  const { env, options } = stack;
  const api = await startApiHarness({
    db: env.db,
    config: env.config,
    logger: stack.logs.logger(apiStarts++ ? `api-${apiStarts}` : 'api', options.logLevel ?? 'info'),
    overrides: { ...options.apiOverrides?.(env), orchestrator: createOrchestrator(env.temporal.client, env.taskQueue) },
  });
  if (!options.sweepInboxEveryMs) return api;
  const sweeper = startInboxSweeper(api.deps, options.sweepInboxEveryMs);
  return { ...api, close: () => (sweeper.stop(), api.close()) };
}

/** A worker of the stack as `node dist/src/bin/worker.js`, its log captured with the others'. */
export function spawnStackWorker(stack: Pick<FaultStack, 'env' | 'logs' | 'options'>): WorkerProcess {
  const child = spawnWorkerProcess({ ...workerEnv(stack.env), ...workerProcessEnv(stack.env.config, stack.options.logLevel ?? 'info') });
  stack.logs.include(child.logFile);
  return child;
}

/** A Stripe App of the platform's (so the platform's key exchanges its codes), returning to `appUrl`. */
async function createStripeApp(env: SyncEnv, appUrl: string): Promise<Pick<Config['stripe'], 'appClientId' | 'appInstallUrl'>> {
  const app = await env.emulator.control<{ clientId: string }>('/_emulator/apps', {
    account: env.platform.accountId, name: 'Engage App', redirectUris: [`${appUrl}${APP_CALLBACK_PATH}`],
  });
  return { appClientId: app.clientId, appInstallUrl: `${env.emulator.url}/oauth/v2/authorize` };
}

/** Starts the suite's stack in a `before` hook; the fields are filled in by the time tests run. */
export function useFaultStack(opts: FaultStackOptions): FaultStack {
  const stack = {} as FaultStack;
  before(async function () {
    this.timeout(180_000);
    Object.assign(stack, await startFaultStack(opts));
  });
  after(() => stack.api?.close());
  return stack;
}
