import { ConfigError } from '../config';

/** An error whose message is all the user needs (no stack trace). */
export class UserFacingError extends Error {}

/** Runs a process entry point; configuration errors print plainly, without a stack trace. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof UserFacingError) {
      console.error(err.message);
    } else {
      console.error(err);
    }
    process.exit(1);
  });
}
