import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type EmulatorOptions, type RunningEmulator } from './index';

/** The emulator's JSON as its tests read it: loosely, as `any`, with their assertions checking the shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test support the *.test.ts override does not reach
type LooseJson = any;

/**
 * What the emulator's own tests share: an emulator on a free port driven over HTTP (the SDK
 * for `/v1`, fetch for the control API), polling instead of sleeping, and a webhook receiver.
 */
export interface TestEmulator extends RunningEmulator {
  post<T = LooseJson>(route: string, body?: unknown): Promise<T>;
  get<T = LooseJson>(route: string): Promise<T>;
  /** The official SDK pointed at the emulator, as the integration points it at Stripe. */
  stripe(key: string, config?: Stripe.StripeConfig): Stripe;
}

async function callJson<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startStripeEmulator({ port: 0, ...options });
  return {
    ...emulator,
    post: (route, body = {}) => callJson(`${emulator.url}${route}`, 'POST', body),
    get: (route) => callJson(`${emulator.url}${route}`, 'GET'),
    stripe: (key, config = {}) =>
      new Stripe(key, { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false, ...config }),
  };
}

export interface TestAccount {
  id: string;
  secretKey: string;
  livemode: boolean;
}

/** An account with a key that may do everything (restricted keys are tested on their own). */
export async function createAccount(emulator: TestEmulator, seed?: object): Promise<TestAccount & { stripe: Stripe }> {
  const account = await emulator.post<TestAccount>('/_emulator/accounts', { livemode: false, ...(seed ? { seed } : {}) });
  const { secretKey } = await emulator.post<{ secretKey: string }>(`/_emulator/accounts/${account.id}/keys`, { type: 'secret' });
  return { ...account, secretKey, stripe: emulator.stripe(secretKey) };
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
  event: { id: string; type: string; account?: string; data: { object: LooseJson; previous_attributes?: LooseJson } };
}

/** A local HTTP endpoint that records webhook deliveries and answers with `status()`. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  status: () => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(status: () => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, signature: String(request.headers['stripe-signature']), event: JSON.parse(body) as ReceivedWebhook['event'] });
      response.writeHead(receiver.status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received,
    status,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
