import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Config } from '../../../src/config';
import type { Knex } from '../../../src/db/knex';
import { createLogger, type Logger } from '../../../src/logging/logger';
import { createEncryptor } from '../../../src/security/encryption';
import { createApp } from '../../../src/api/app';
import { buildApiDeps, type ApiDeps } from '../../../src/api/deps';
import { automationCatalog } from '../../../src/domain/automation';
import { AUTOMATIONS } from '../../../src/workflows/automations';
import { createFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { csrfFrom, TestClient, type TestResponse } from './http-client';

export interface ProjectApi {
  get(path: string): Promise<TestResponse>;
  post(path: string, json?: unknown): Promise<TestResponse>;
  patch(path: string, json: unknown): Promise<TestResponse>;
  delete(path: string): Promise<TestResponse>;
}

export interface ApiHarness {
  /** where the app listens (127.0.0.1); clients connect here whatever host they present */
  baseUrl: string;
  deps: ApiDeps;
  orchestrator: FakeOrchestrator;
  /** a new cookie-keeping client (a new "browser") that opened APP_URL, or the other host given */
  client(host?: string): TestClient;
  /** the JSON API as a program with this project API key calls it */
  asProject(apiKey: string): ProjectApi;
  /** a project and its API key */
  createProject(name?: string): Promise<{ projectId: string; apiKey: string }>;
  /** a client signed in to the project's pages, and a CSRF token of its session */
  signedIn(projectId: string, apiKey: string): Promise<{ client: TestClient; csrf: string }>;
  close(): Promise<void>;
}

/** APP_URL's port when APP_URL is on 127.0.0.1 (so OAuth redirect URIs match), else a free one. */
function listenPort(config: Config): number {
  const url = new URL(config.appUrl);
  return url.hostname === '127.0.0.1' ? Number(url.port) : 0;
}

/**
 * The real app on 127.0.0.1, over the given database, with a fake orchestrator (the
 * seam beyond the API) unless `overrides` says otherwise.
 */
/** How long a closing API lets running requests finish. */
const CLOSE_GRACE_MS = 2_000;

export async function startApiHarness(opts: {
  db: Knex;
  config: Config;
  overrides?: Partial<ApiDeps>;
  /** where to listen on 127.0.0.1 (a suite whose APP_URL is localhost:<port> opens a real browser there) */
  port?: number;
  /** the app's logger (a suite that reads the logs captures them); silent by default */
  logger?: Logger;
}): Promise<ApiHarness> {
  const { db, config } = opts;
  const orchestrator = createFakeOrchestrator();
  const deps: ApiDeps = {
    ...buildApiDeps({
      config,
      db,
      encryptor: createEncryptor(config.encryptionKey!),
      orchestrator: opts.overrides?.orchestrator ?? orchestrator,
      logger: opts.logger ?? createLogger(process.env.API_TEST_LOG_LEVEL ?? 'silent', 'api-test'),
      automations: automationCatalog(AUTOMATIONS),
    }),
    ...opts.overrides,
  };
  const server: Server = createApp(deps).listen(opts.port ?? listenPort(config), '127.0.0.1');
  // a port taken meanwhile (a restart on the same port) fails here, instead of waiting for ever
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err) => reject(new Error(`the API could not listen on ${opts.port ?? listenPort(config)}: ${err.message}`, { cause: err })));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const inFlight = new Set<{ label: string }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const request = { label: `${req.method} ${req.url?.split('?')[0]}` };
    inFlight.add(request);
    res.once('close', () => inFlight.delete(request));
  });

  let closing: Promise<void> | undefined;
  /** Stops listening; requests still running after a grace period are cut, as the process ending would cut them. */
  const close = () => new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    setTimeout(() => {
      if (inFlight.size) console.warn(`      the API's close cut ${inFlight.size} request(s) still running: ${[...inFlight].map((r) => r.label).join(', ')}`);
      server.closeAllConnections();
    }, CLOSE_GRACE_MS).unref();
  });
  const harness: ApiHarness = {
    baseUrl,
    deps,
    orchestrator,
    client: (host = new URL(config.appUrl).host) => new TestClient(baseUrl, host),
    asProject: (apiKey) => ({
      get: (path) => harness.client().get(path, { bearer: apiKey }),
      post: (path, json) => harness.client().post(path, { bearer: apiKey, json }),
      patch: (path, json) => harness.client().patch(path, { bearer: apiKey, json }),
      delete: (path) => harness.client().request('DELETE', path, { bearer: apiKey }),
    }),
    async createProject(name = 'Acme') {
      const { project, apiKey } = await deps.projects.create(name);
      return { projectId: project.id, apiKey };
    },
    async signedIn(projectId, apiKey) {
      const client = harness.client();
      const login = await client.get(`/projects/${projectId}/login`);
      const res = await client.post(`/projects/${projectId}/login`, { form: { apiKey, _csrf: csrfFrom(login.text) } });
      if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 200)}`);
      const page = await client.get(`/projects/${projectId}/settings/integrations`);
      return { client, csrf: csrfFrom(page.text) };
    },
    // once: a suite that stopped its API mid-test (a restart) still runs the after hook that closes it
    close: () => (closing ??= close()),
  };
  return harness;
}
