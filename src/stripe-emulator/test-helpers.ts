import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type EmulatorOptions, type RunningEmulator } from './index';
import type { DeliveryView } from './webhooks/delivery';
import { DEFAULT_DELIVERY_CONFIG, type DeliveryConfig } from './webhooks/delivery-config';

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
  event: { id: string; type: string; account?: string; api_version: string | null; data: { object: LooseJson; previous_attributes?: LooseJson } };
}

/** A local HTTP endpoint that records webhook deliveries and answers with `status(webhook)`. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  status: (webhook: ReceivedWebhook) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(status: (webhook: ReceivedWebhook) => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const webhook: ReceivedWebhook = { body, signature: String(request.headers['stripe-signature']), event: JSON.parse(body) as ReceivedWebhook['event'] };
      received.push(webhook);
      response.writeHead(receiver.status(webhook)).end();
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

export interface TestEndpoint {
  id: string;
  secret: string;
  receiver: WebhookReceiver;
}

/**
 * One account's webhook endpoints on local receivers, its triggers, and the emulator's record
 * of deliveries: what the webhook suites share. `reset` (before each test) restores the default
 * delivery config with fast retries; `removeEndpoints` (after each) deletes the endpoints.
 */
export interface WebhookHarness {
  endpoint(options?: {
    status?: WebhookReceiver['status'];
    apiVersion?: Stripe.WebhookEndpointCreateParams.ApiVersion;
    events?: Stripe.WebhookEndpointCreateParams.EnabledEvent[];
  }): Promise<TestEndpoint>;
  /** A control-API trigger: the affected object (by default only its id is typed) and the events it emitted. */
  trigger<T = { id: string }>(action: string, params?: object): Promise<{ object: T; events: string[] }>;
  deliveries(event: string): Promise<DeliveryView[]>;
  configure(config: object): Promise<DeliveryConfig>;
  reset(): Promise<DeliveryConfig>;
  removeEndpoints(): Promise<void>;
  close(): Promise<void>;
}

export function webhookHarness(emulator: TestEmulator, account: TestAccount & { stripe: Stripe }): WebhookHarness {
  const receivers: WebhookReceiver[] = [];
  const configure = (config: object) => emulator.post<DeliveryConfig>('/_emulator/webhooks/config', config);
  return {
    async endpoint({ status, apiVersion, events = ['*' as const] } = {}) {
      const receiver = await startWebhookReceiver(status);
      receivers.push(receiver);
      const endpoint = await account.stripe.webhookEndpoints.create({
        url: receiver.url,
        enabled_events: events,
        ...(apiVersion ? { api_version: apiVersion } : {}),
      });
      return { id: endpoint.id, secret: endpoint.secret!, receiver };
    },
    trigger: <T>(action: string, params: object = {}) => emulator.post<{ object: T; events: string[] }>(`/_emulator/accounts/${account.id}/trigger`, { action, ...params }),
    deliveries: async (event) => (await emulator.get<{ data: DeliveryView[] }>(`/_emulator/webhooks/deliveries?event=${event}`)).data,
    configure,
    reset: () => configure({ ...DEFAULT_DELIVERY_CONFIG, retryBaseMs: 50 }),
    async removeEndpoints() {
      for (const endpoint of (await account.stripe.webhookEndpoints.list({ limit: 100 })).data) await account.stripe.webhookEndpoints.del(endpoint.id);
    },
    close: async () => {
      await Promise.all(receivers.map((r) => r.close()));
    },
  };
}

export interface WebhookSuite {
  emulator: TestEmulator;
  account: TestAccount & { stripe: Stripe };
  hooks: WebhookHarness;
}

/**
 * Registers the hooks of a webhook suite (call it inside `describe`): one emulator and account,
 * the default delivery config before each test, no endpoints left after it. The fields are set
 * once `before` has run.
 */
export function useWebhookSuite(): WebhookSuite {
  const suite = {} as WebhookSuite;
  before(async () => {
    suite.emulator = await startTestEmulator({ rateLimits: false });
    suite.account = await createAccount(suite.emulator);
    suite.hooks = webhookHarness(suite.emulator, suite.account);
  });
  beforeEach(() => suite.hooks.reset());
  afterEach(() => suite.hooks.removeEndpoints());
  after(async () => {
    await suite.hooks.close();
    await suite.emulator.close();
  });
  return suite;
}
