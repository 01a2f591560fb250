import { runCleanup } from '../../test/support/cleanup';

/**
 * Runs a benchmark's `main`: what it started is cleaned up whether it ends, throws or is
 * interrupted (Ctrl-C, a `kill`), and a throw makes the process exit non-zero (a benchmark that
 * fails must not look like one that passed). Without the signal handlers an interrupted run
 * would leave its PostgreSQL, Temporal server, emulator and worker running.
 */
export function runMain(main: () => Promise<void>): void {
  let interrupted = false;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`${signal}: stopping what the benchmark started`);
      void runCleanup().finally(() => process.exit(code));
    });
  }
  main()
    .then(() => runCleanup())
    .catch(async (error: unknown) => {
      // Once interrupted, the run fails because its services are going away: not worth a trace.
      if (interrupted) return;
      console.error(error);
      await runCleanup();
      process.exit(1);
    });
}
