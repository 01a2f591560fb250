/**
 * `npm start`: the whole product on one machine with embedded defaults — PostgreSQL (embedded),
 * the Temporal dev server (with its Web UI on 8233), the Stripe emulator when no Stripe keys are
 * configured, the worker and the API, plus a demo project. Ctrl-C stops everything; data stays
 * under .data/ for the next start.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Server } from 'node:http';
import { buildApiDeps, createApp } from '../api/app';
import { startInboxSweeper } from '../api/live/inbox-sweeper';
import { loadConfig, type Config } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { createProjectStore } from '../db/project-store';
import { ensureDatabase, startEmbeddedPostgres } from '../infra/embedded-postgres';
import { freePort } from '../infra/free-port';
import { REPO_ROOT } from '../infra/paths';
import { startTemporalDevServer } from '../infra/temporal-dev-server';
import { findTemporalCli } from '../infra/tools';
import { createInboxLagReadModel } from '../db/inbox-lag-read-model';
import { createLogger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { serveMetrics } from '../metrics/server';
import { createEncryptor } from '../security/encryption';
import { connectTemporalClient } from '../temporal/client';
import { connectWorkerConnection, createStripeWorker } from '../worker/create-worker';
import { enableDemoAutomations } from './local/demo-automations';
import { installTemporalRuntime } from '../worker/runtime';
import { EMULATOR_PORT, startDemoStripe } from './local/demo-stripe';
import { loadLocalSecrets } from './local/secrets';
import { runMain } from './run-main';
import { automationCatalog } from '../domain/automation';
import { AUTOMATIONS } from '../workflows/automations';

const PG_PORT = 54329;
const TEMPORAL_PORT = 7233;

type Stop = () => Promise<unknown>;

runMain(async () => {
  const baseConfig = loadConfig();
  const dataDir = path.resolve(REPO_ROOT, baseConfig.dataDir);
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const say = (line: string) => console.log(`[local] ${line}`);
  const stops: Stop[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error(e));
    say(`stopped; data kept in ${dataDir}`);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const { secrets, save } = loadLocalSecrets(dataDir);

    let databaseUrl = baseConfig.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'pg'),
        port: await freePort(PG_PORT),
        onLog: logTo(path.join(dataDir, 'logs', 'postgres.log')),
      });
      stops.push(() => pg.stop());
      await ensureDatabase(pg.url(), 'stripe_engage');
      databaseUrl = pg.url('stripe_engage');
      say(`PostgreSQL (embedded) on ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
    }

    let temporalAddress = baseConfig.temporal.address;
    let temporalUi = 'your Temporal cluster\'s Web UI';
    if (!temporalAddress) {
      const cli = findTemporalCli();
      if (!cli) throw new Error('the Temporal CLI is missing: run `npm run setup` (or `npm start`, which runs it)');
      const server = await startTemporalDevServer({
        cli,
        port: await freePort(TEMPORAL_PORT),
        uiPort: baseConfig.temporal.uiPort,
        dbFile: path.join(dataDir, 'temporal.db'),
        namespace: baseConfig.temporal.namespace,
        logFile: path.join(dataDir, 'logs', 'temporal.log'),
      });
      stops.push(() => server.stop());
      temporalAddress = server.address;
      temporalUi = server.uiUrl!;
      say(`Temporal dev server on ${temporalAddress}, Web UI ${temporalUi}`);
    }

    let stripe = baseConfig.stripe;
    // the demo's extras drive the emulator, so they exist only when it stands in for Stripe
    let demoMode = false;
    if (!stripe.secretKey) {
      const emulator = await startDemoStripe({
        stateFile: path.join(dataDir, 'stripe-emulator.json'),
        port: await freePort(EMULATOR_PORT),
        appUrl: baseConfig.appUrl,
        secrets,
        save,
      });
      stops.push(() => emulator.close());
      const platform = secrets.emulatorPlatform!;
      stripe = {
        ...stripe,
        apiUrl: emulator.url,
        connectUrl: emulator.url,
        clientId: platform.clientId,
        secretKey: platform.secretKey,
        webhookSecrets: [secrets.webhookSecret!],
        appClientId: secrets.emulatorApp!.clientId,
        appInstallUrl: `${emulator.url}/oauth/v2/authorize`,
      };
      demoMode = true;
      say(`Stripe emulator on ${emulator.url} (no Stripe keys configured), demo account ${secrets.demoAccountId}`);
    }

    const metricsPorts = {
      ...baseConfig.metrics,
      port: baseConfig.metrics.port && (await freePort(baseConfig.metrics.port)),
      temporalPort: baseConfig.metrics.temporalPort && (await freePort(baseConfig.metrics.temporalPort)),
    };
    const config: Config = Object.freeze({
      ...baseConfig,
      metrics: metricsPorts,
      databaseUrl,
      encryptionKey: baseConfig.encryptionKey ?? secrets.encryptionKey,
      temporal: { ...baseConfig.temporal, address: temporalAddress },
      stripe,
      // the demo's webhook actions may call a receiver on this machine
      automations: { ...baseConfig.automations, allowPrivateUrls: true },
      demoMode,
    });
    const logFile = path.join(dataDir, 'logs', 'app.log');
    const logger = createLogger(config.logLevel, 'local', logFile);
    installTemporalRuntime(config, logger);

    const db = createDb(databaseUrl);
    stops.push(() => db.destroy());
    // The API and the worker share this process, so they share one registry and one endpoint.
    const metrics = createMetrics({ inboxLag: createInboxLagReadModel(db), processMetrics: true });
    const metricsServer = await serveMetrics(config.metrics, metrics.registry, logger);
    if (metricsServer) stops.push(() => metricsServer.close());
    const applied = await migrateLatest(db);
    if (applied.length) say(`migrations applied: ${applied.length}`);

    const projects = createProjectStore(db);
    if (!secrets.demoProject || !(await projects.find(secrets.demoProject.id))) {
      const { project, apiKey } = await projects.create('Demo project');
      secrets.demoProject = { id: project.id, apiKey };
      save();
      say(`demo project created: ${project.id}`);
    }

    const workerConnection = await connectWorkerConnection(config);
    const worker = await createStripeWorker({ config, db, connection: workerConnection, logger, metrics, prebuiltBundle: true });
    const workerRun = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await workerConnection.close();
    });

    const temporalClient = await connectTemporalClient(config);
    stops.push(() => temporalClient.connection.close());
    const deps = buildApiDeps({ config, db, encryptor: createEncryptor(config.encryptionKey!), temporalClient, logger, metrics, automations: automationCatalog(AUTOMATIONS) });
    const enabled = await enableDemoAutomations(deps, secrets.demoProject!.id, secrets, save);
    if (enabled.length) say(`automations switched on for the demo project: ${enabled.join(', ')}`);
    const app = createApp(deps);
    const sweeper = startInboxSweeper(deps);
    stops.push(() => Promise.resolve(sweeper.stop()));
    const server: Server = app.listen(config.port, '0.0.0.0');
    await once(server, 'listening');
    stops.push(() => new Promise((resolve) => server.close(resolve)));

    const demo = secrets.demoProject!;
    console.log(`
  Stripe Engage is ready.

    Settings → Integrations  ${config.appUrl}/projects/${demo.id}/settings/integrations
    Automations              ${config.appUrl}/projects/${demo.id}/settings/automations
    Sign-in API key          ${demo.apiKey}
    Temporal Web UI          ${temporalUi}
    Health                   ${config.appUrl}/healthz
    Metrics                  ${metricsServer?.url ?? 'off (METRICS_PORT=0)'}${config.metrics.temporalPort ? `, Temporal SDK http://${config.metrics.host}:${config.metrics.temporalPort}/metrics` : ''}
    Logs                     ${logFile}

  Open the settings page, sign in with the API key, and click "Connect with Stripe".
  Ctrl-C stops everything; data stays in ${dataDir}.
`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stopAll(1);
  }
});

function logTo(file: string): (line: string) => void {
  const stream = fs.createWriteStream(file, { flags: 'a' });
  return (line) => stream.write(line.endsWith('\n') ? line : `${line}\n`);
}
