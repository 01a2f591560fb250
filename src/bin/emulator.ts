/**
 * `npm run emulator -- --port 12111 [--seed 42 --customers 2000] [--latency-ms 50]
 *   [--rate-limits on|off] [--state-file PATH] [--redirect-uri URL …] [--log]`
 *
 * Runs the Stripe emulator alone (see docs/emulator.md) until SIGINT or SIGTERM. With
 * `--customers` it creates a seeded account and prints its keys; with `--redirect-uri` a
 * Connect platform whose OAuth redirects go there.
 */
import { parseArgs } from 'node:util';
import { startStripeEmulator } from '../stripe-emulator';
import { runMain, UserFacingError } from './run-main';

const USAGE =
  'usage: npm run emulator -- [--port N] [--host H] [--seed S --customers N] [--latency-ms N] [--rate-limits on|off] [--state-file PATH] [--redirect-uri URL ...] [--log]';

function readArgs() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      'latency-ms': { type: 'string', default: '0' },
      'rate-limits': { type: 'string', default: 'on' },
      'state-file': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const integer = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UserFacingError(`--${name} must be a whole number\n${USAGE}`);
    return Number(text);
  };
  const rateLimits = values['rate-limits'];
  if (rateLimits !== 'on' && rateLimits !== 'off') throw new UserFacingError(`--rate-limits must be on or off\n${USAGE}`);
  return {
    help: values.help,
    port: integer('port', values.port)!,
    host: values.host!,
    seed: integer('seed', values.seed),
    customers: integer('customers', values.customers),
    latencyMs: integer('latency-ms', values['latency-ms'])!,
    rateLimits: rateLimits === 'on',
    stateFile: values['state-file'],
    redirectUris: values['redirect-uri'] ?? [],
    log: values.log!,
  };
}

async function control<T>(url: string, route: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

runMain(async () => {
  const args = readArgs();
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startStripeEmulator({
    port: args.port,
    host: args.host,
    stateFile: args.stateFile,
    latencyMs: args.latencyMs,
    rateLimits: args.rateLimits,
    logRequests: args.log,
  });
  console.log(`Stripe emulator listening on ${emulator.url} (control API: ${emulator.url}/_emulator)`);

  if (args.customers !== undefined || args.seed !== undefined) {
    const account = await control<{ id: string; secretKey: string; seeded: Record<string, number> }>(emulator.url, '/_emulator/accounts', {
      livemode: false,
      seed: { seed: args.seed ?? 1, customers: args.customers ?? 100 },
    });
    const full = await control<{ secretKey: string }>(emulator.url, `/_emulator/accounts/${account.id}/keys`, { type: 'secret' });
    console.log(`seeded account ${account.id}: ${JSON.stringify(account.seeded)}`);
    console.log(`  restricted key (read + webhook endpoints): ${account.secretKey}`);
    console.log(`  secret key (everything):                   ${full.secretKey}`);
  }
  if (args.redirectUris.length > 0) {
    const platform = await control<{ accountId: string; clientId: string; secretKey: string }>(emulator.url, '/_emulator/platform', {
      name: 'Local platform',
      redirectUris: args.redirectUris,
    });
    console.log(`Connect platform ${platform.accountId}: client id ${platform.clientId}, secret key ${platform.secretKey}`);
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('stopping the Stripe emulator');
  await emulator.close();
});
