import { EmulatorServer } from './server';
import { EmulatorServices } from './services';
import { StatePersistence } from './store/persistence';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  /** Loaded on start when it exists; saved after changes and on close. */
  stateFile?: string;
  /** Added to every `/v1` answer. */
  latencyMs?: number;
  /** Stripe's real rate limits (25/s in test mode, 100/s live, 25/s per endpoint); on by default. */
  rateLimits?: boolean;
  /** Prints one line per request. */
  logRequests?: boolean;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How often real time is checked for due trial ends, renewals and notices. */
const SCHEDULER_TICK_MS = 10_000;

/**
 * Starts a Stripe emulator: Stripe's API under `/v1` (for the official SDK pointed at it with
 * `host`, `port` and `protocol: 'http'`), Connect OAuth under `/oauth`, and the control API
 * under `/_emulator` (see docs/emulator.md).
 */
export async function startStripeEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const services = new EmulatorServices({
    host,
    port: opts.port ?? 0,
    stateFile: opts.stateFile,
    latencyMs: opts.latencyMs ?? 0,
    rateLimits: opts.rateLimits ?? true,
    logRequests: opts.logRequests ?? false,
  });
  const persistence = opts.stateFile ? new StatePersistence(services.state, opts.stateFile) : undefined;
  if (persistence?.load()) for (const account of services.state.datasets()) services.prewarmer.schedule(account);
  if (persistence) services.state.onChange(() => persistence.scheduleSave());

  const server = new EmulatorServer(services);
  const port = await server.listen(host, opts.port ?? 0);
  const tick = setInterval(() => services.scheduler.runUntil(services.state.clock.now()), SCHEDULER_TICK_MS);
  tick.unref();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        clearInterval(tick);
        services.prewarmer.stop();
        services.deliveries.close();
        await server.close();
        await persistence?.flush();
      })()),
  };
}
