import type { Config } from '../../../src/config';
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
  platform: { clientId: string; secretKey: string };
  /** The seeded account, as `POST /_emulator/accounts` answered. */
  merchant: Merchant;
  /** what the API and the worker count, in one registry as under `npm start` */
  metrics: Metrics;
}

/**
 * The product end to end for one suite: the API (real orchestrator) and a real worker sharing one
 * config (so one ENCRYPTION_KEY), a fresh emulator with a Connect platform whose redirect URI is
 * the API's callback, and a merchant account created with `merchantBody`. `overrides` change the
 * config (`{demoMode: true}` runs it as `npm start` does).
 */
export function useFullStack<Merchant>(label: string, merchantBody: Record<string, unknown>, overrides: DeepPartial<Config> = {}) {
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
