import { startStripeEmulator, type RunningEmulator } from '../../stripe-emulator';
import type { LocalSecrets } from './secrets';

export const EMULATOR_PORT = 12111;
const DEMO_SEED = { seed: 7, customers: 400, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 };

async function control<T>(emulator: RunningEmulator, route: string, body: unknown): Promise<T> {
  const res = await fetch(`${emulator.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Registers a Connect webhook endpoint (every event) on the platform at `url`; returns its signing secret. */
export async function registerConnectWebhookEndpoint(stripeUrl: string, platformKey: string, url: string): Promise<string> {
  const endpoint = await fetch(`${stripeUrl}/v1/webhook_endpoints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platformKey}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ url, connect: 'true', 'enabled_events[]': '*' }),
  });
  if (!endpoint.ok) throw new Error(`registering the Connect webhook endpoint failed: ${await endpoint.text()}`);
  return ((await endpoint.json()) as { secret: string }).secret;
}

/**
 * The emulator as the demo's Stripe: a Connect platform and a Stripe App registered once (their
 * keys and the Connect webhook endpoint's secret kept in the secrets file), and a seeded account
 * that the newcomer's first "Connect with Stripe" (or App install) approval connects. State survives restarts through its state file.
 */
export async function startDemoStripe(opts: {
  stateFile: string;
  port: number;
  appUrl: string;
  secrets: LocalSecrets;
  save(): void;
}): Promise<RunningEmulator> {
  const emulator = await startStripeEmulator({ port: opts.port, stateFile: opts.stateFile });
  const { secrets } = opts;
  if (!secrets.emulatorPlatform) {
    const platform = await control<NonNullable<LocalSecrets['emulatorPlatform']>>(emulator, '/_emulator/platform', {
      name: 'Stripe Engage (local demo)',
      redirectUris: [`${opts.appUrl}/integrations/stripe/oauth/callback`],
    });
    secrets.emulatorPlatform = platform;
    secrets.webhookSecret = await registerConnectWebhookEndpoint(emulator.url, platform.secretKey, `${opts.appUrl}/webhooks/stripe`);
    opts.save();
  }
  if (!secrets.emulatorApp) {
    secrets.emulatorApp = await control<{ clientId: string }>(emulator, '/_emulator/apps', {
      account: secrets.emulatorPlatform!.accountId,
      name: 'Stripe Engage App (local demo)',
      redirectUris: [`${opts.appUrl}/integrations/stripe/app/callback`],
    });
    opts.save();
  }
  if (!secrets.demoAccountId) {
    const account = await control<{ id: string }>(emulator, '/_emulator/accounts', { livemode: false });
    await control(emulator, `/_emulator/accounts/${account.id}/seed`, DEMO_SEED);
    secrets.demoAccountId = account.id;
    opts.save();
  }
  await control(emulator, '/_emulator/oauth/next-account', { account: secrets.demoAccountId });
  return emulator;
}
