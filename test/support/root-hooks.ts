import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runCleanup } from './cleanup';

// Workers log state changes at INFO and expected activity failures at WARN; tests want errors only.
Runtime.install({ logger: new DefaultLogger('ERROR') });

/** Shared services start lazily on first use; whatever started is stopped once, after every test. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await runCleanup();
  },
};
