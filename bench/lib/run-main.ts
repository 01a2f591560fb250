import { runCleanup } from '../../test/support/cleanup';

/**
 * Runs a benchmark's `main`: what it started is cleaned up whether it ends or throws, and a throw
 * makes the process exit non-zero (a benchmark that fails must not look like one that passed).
 */
export function runMain(main: () => Promise<void>): void {
  main()
    .then(() => runCleanup())
    .catch(async (error: unknown) => {
      console.error(error);
      await runCleanup();
      process.exit(1);
    });
}
