import { z } from 'zod';

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const url = (what: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, `must be an http(s) URL (${what})`);

const port = z.coerce.number().int().min(0).max(65535);

const encryptionKey = z.string().refine((v) => {
  try {
    return Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v);
  } catch {
    return false;
  }
}, 'must be 32 random bytes encoded as base64 (44 characters), e.g. `openssl rand -base64 32`');

const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const schema = z.object({
  PORT: port.default(3000),
  APP_URL: url('the public URL of the API, used for OAuth redirects').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('stripe-engage'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  STRIPE_API_URL: url('Stripe API base').default('https://api.stripe.com'),
  STRIPE_CONNECT_URL: url('Stripe Connect base').default('https://connect.stripe.com'),
  STRIPE_CLIENT_ID: z.string().regex(/^ca_\w+$/, 'must look like ca_…').optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must look like sk_test_… or sk_live_…').optional(),
  STRIPE_WEBHOOK_SECRET: csv
    .pipe(z.array(z.string().regex(/^whsec_\w+$/, 'each secret must look like whsec_…')))
    .optional(),
  STRIPE_OAUTH_SCOPE: z.enum(['read_only', 'read_write']).default('read_only'),
  STRIPE_APP_CLIENT_ID: z.string().regex(/^ca_\w+$/, 'must look like ca_…').optional(),
  STRIPE_APP_INSTALL_URL: url('the Stripe App install link').default('https://marketplace.stripe.com/oauth/v2/authorize'),
  STRIPE_APP_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3600),
  WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1_024).max(64 * 1024 * 1024).default(1024 * 1024),
  STRIPE_EVENTS_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587').optional(),
  SMTP_FROM: z.string().min(3).default('Stripe Engage <automations@localhost>'),
  AUTOMATION_ALLOW_PRIVATE_URLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  ENCRYPTION_KEY: encryptionKey.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  WORKFLOW_BUNDLE: z.enum(['prebuilt', 'source']).default('prebuilt'),
  METRICS_PORT: port.default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  TEMPORAL_METRICS_PORT: port.default(9465),
}).refine((e) => e.METRICS_PORT === 0 || e.METRICS_PORT !== e.PORT, {
  path: ['METRICS_PORT'], message: 'must differ from PORT: the metrics are never served on the public API port',
});

/** Every environment variable the product reads (the table in docs/configuration.md and docker-compose are checked against it). */
export const CONFIG_ENV_VARS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

export interface Config {
  port: number;
  appUrl: string;
  databaseUrl?: string;
  temporal: { address?: string; namespace: string; taskQueue: string; apiKey?: string; tls: boolean; uiPort: number };
  stripe: {
    apiUrl: string;
    connectUrl: string;
    clientId?: string;
    secretKey?: string;
    webhookSecrets: string[];
    oauthScope: 'read_only' | 'read_write';
    /** the Stripe App's `ca_…` client id; its codes are exchanged with `secretKey` (the App owner's) */
    appClientId?: string;
    /** where "Install the Stripe App" sends the browser */
    appInstallUrl: string;
    /** how long the App's access tokens live: Stripe's token answer does not say */
    appTokenLifetimeSeconds: number;
    /** a webhook body larger than this is refused with 413 */
    webhookMaxBytes: number;
    /** how often each account workflow reads Stripe's event list for what webhooks missed */
    eventsPollSeconds: number;
  };
  automations: {
    /** absent: emails stay in the outbox (shown in the API and the pages) */
    smtpUrl?: string;
    from: string;
    /** webhook actions may call loopback and private addresses (only the demo and tests set it) */
    allowPrivateUrls: boolean;
  };
  encryptionKey?: string;
  logLevel: string;
  dataDir: string;
  /** `prebuilt`: load dist/workflow-bundle.js written by the build; `source`: bundle at start. */
  workflowBundle: 'prebuilt' | 'source';
  /**
   * `GET /metrics` of the API and the worker (one endpoint when they share a process) on
   * host:port, and the Temporal SDK's own exporter on host:temporalPort; a port of 0 turns it off.
   */
  metrics: { host: string; port: number; temporalPort: number };
  /**
   * The local demo's extras (simulating Stripe activity through the emulator). No environment
   * variable sets it: only `npm start` (src/bin/local.ts) turns it on, when it runs the emulator.
   */
  demoMode: boolean;
}

/** Reads and validates the environment once; every other module receives a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: e.TEMPORAL_TLS,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    stripe: {
      apiUrl: e.STRIPE_API_URL.replace(/\/$/, ''),
      connectUrl: e.STRIPE_CONNECT_URL.replace(/\/$/, ''),
      clientId: e.STRIPE_CLIENT_ID,
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecrets: e.STRIPE_WEBHOOK_SECRET ?? [],
      oauthScope: e.STRIPE_OAUTH_SCOPE,
      appClientId: e.STRIPE_APP_CLIENT_ID,
      appInstallUrl: e.STRIPE_APP_INSTALL_URL,
      appTokenLifetimeSeconds: e.STRIPE_APP_TOKEN_LIFETIME_SECONDS,
      webhookMaxBytes: e.WEBHOOK_MAX_BYTES,
      eventsPollSeconds: e.STRIPE_EVENTS_POLL_SECONDS,
    },
    automations: { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, allowPrivateUrls: e.AUTOMATION_ALLOW_PRIVATE_URLS },
    encryptionKey: e.ENCRYPTION_KEY,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    workflowBundle: e.WORKFLOW_BUNDLE,
    metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT, temporalPort: e.TEMPORAL_METRICS_PORT },
    demoMode: false,
  });
}

/** For processes that cannot run without these (production api / worker). */
export function requireConfig<K extends 'databaseUrl' | 'encryptionKey'>(config: Config, keys: K[]): void {
  const names: Record<string, string> = { databaseUrl: 'DATABASE_URL', encryptionKey: 'ENCRYPTION_KEY' };
  const missing = keys.filter((k) => !config[k]).map((k) => `${names[k]}: is required for this process`);
  if (!config.temporal.address) missing.push('TEMPORAL_ADDRESS: is required for this process');
  if (missing.length) throw new ConfigError(missing);
}
