import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runCleanup } from './cleanup';

// Workers log state changes at INFO and expected activity failures at WARN, and the SDK's native core
// warns about test servers' missing capabilities; tests want errors only, through one logger.
Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });

/** Shared services start lazily on first use; whatever started is stopped once, after every test. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await runCleanup();
  },
};
