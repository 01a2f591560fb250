import type { Config } from '../../../src/config';
import { registerConnectWebhookEndpoint } from '../../../src/bin/local/demo-stripe';
import { createInboxLagReadModel } from '../../../src/db/inbox-lag-read-model';
import { randomBase62 } from '../../../src/domain/ids';
import { freePort } from '../../../src/infra/free-port';
import { createMetrics, type Metrics } from '../../../src/metrics/metrics';
import { createOrchestrator } from '../../../src/temporal/orchestrator';
import { testConfig, type DeepPartial } from '../config';
import { startTestEmulator, type TestEmulator } from '../emulator';
import { sharedTemporal, type TestTemporal } from '../temporal';
import { startTestWorker } from '../worker';
import { useApiHarness } from './use-api-harness';

export interface FullStack<Merchant> {
  emulator: TestEmulator;
  temporal: TestTemporal;
  /** `http://localhost:<port>`, as `npm run local` prints it */
  appUrl: string;
  /** the API's own address, `http://127.0.0.1:<port>`: the other name a browser may open it by */
  otherUrl: string;
  platform: { accountId: string; clientId: string; secretKey: string };
  /** the Stripe App (on the platform's account) when the suite asked for one */
  app?: { clientId: string };
  /** the platform's Connect webhook endpoint secret, with `connectWebhooks` */
  connectWebhookSecret?: string;
  /** The seeded account, as `POST /_emulator/accounts` answered. */
  merchant: Merchant;
  /** what the API and the worker count, in one registry as under `npm start` */
  metrics: Metrics;
}

/**
 * The product end to end for one suite: the API (real orchestrator) and a real worker sharing one
 * config (so one ENCRYPTION_KEY), a fresh emulator with a Connect platform whose redirect URI is
 * the API's callback, and a merchant account created with `merchantBody`. `overrides` change the
 * config (`{demoMode: true}` runs it as `npm start` does). With `app`, a Stripe App on the
 * platform's account is configured too, its access tokens living `accessTokenLifetimeSeconds`.
 * With `connectWebhooks` the platform has a Connect webhook endpoint at the API's `/webhooks/stripe`
 * whose secret the config holds, as a Connect platform in production does (Connect accounts'
 * events, deauthorizations among them).
 */
export function useFullStack<Merchant>(
  label: string,
  merchantBody: Record<string, unknown>,
  overrides: DeepPartial<Config> = {},
  opts: { app?: { accessTokenLifetimeSeconds: number }; connectWebhooks?: boolean } = {},
) {
  const stack = {} as FullStack<Merchant>;
  const taskQueue = `${label}-${randomBase62(8)}`;
  before(async () => {
    const port = await freePort();
    stack.appUrl = `http://localhost:${port}`;
    stack.otherUrl = `http://127.0.0.1:${port}`;
    [stack.emulator, stack.temporal] = await Promise.all([startTestEmulator(), sharedTemporal()]);
    stack.platform = await stack.emulator.control('/_emulator/platform', {
      name: 'Engage',
      redirectUris: [`${stack.appUrl}/integrations/stripe/oauth/callback`],
    });
    stack.merchant = await stack.emulator.control<Merchant>('/_emulator/accounts', merchantBody);
    if (opts.app) {
      stack.app = await stack.emulator.control('/_emulator/apps', {
        account: stack.platform.accountId, name: 'Engage App', redirectUris: [`${stack.appUrl}/integrations/stripe/app/callback`], ...opts.app,
      });
    }
    if (opts.connectWebhooks) stack.connectWebhookSecret = await registerConnectWebhookEndpoint(stack.emulator.url, stack.platform.secretKey, `${stack.appUrl}/webhooks/stripe`);
  });
  let shared: Config | undefined;
  const config = () =>
    (shared ??= testConfig({
      ...overrides,
      appUrl: stack.appUrl,
      temporal: { taskQueue },
      stripe: {
        ...overrides.stripe,
        apiUrl: stack.emulator.url, connectUrl: stack.emulator.url,
        clientId: stack.platform.clientId, secretKey: stack.platform.secretKey,
        ...(stack.app ? { appClientId: stack.app.clientId, appInstallUrl: `${stack.emulator.url}/oauth/v2/authorize` } : {}),
        ...(stack.connectWebhookSecret ? { webhookSecrets: [stack.connectWebhookSecret] } : {}),
      },
    }));
  const t = useApiHarness({
    config,
    overrides: (db) => ({
      orchestrator: createOrchestrator(stack.temporal.client, taskQueue),
      metrics: (stack.metrics = createMetrics({ inboxLag: createInboxLagReadModel(db) })),
    }),
    port: () => Number(new URL(stack.appUrl).port),
  });
  before(async () => {
    await startTestWorker({ db: t.db, config: config(), taskQueue, metrics: stack.metrics });
  });
  return { stack, t };
}
