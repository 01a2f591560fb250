/** Production API: `npm run api` against an external Postgres and Temporal. */
import { once } from 'node:events';
import { buildApiDeps, createApp } from '../api/app';
import { startInboxSweeper } from '../api/live/inbox-sweeper';
import { loadConfig, requireConfig } from '../config';
import { createInboxLagReadModel } from '../db/inbox-lag-read-model';
import { createDb, migrateLatest } from '../db/knex';
import { createLogger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { serveMetrics } from '../metrics/server';
import { createEncryptor } from '../security/encryption';
import { connectTemporalClient } from '../temporal/client';
import { runMain } from './run-main';
import { automationCatalog } from '../domain/automation';
import { AUTOMATIONS } from '../workflows/automations';

runMain(async () => {
  const config = loadConfig();
  requireConfig(config, ['databaseUrl', 'encryptionKey']);
  const logger = createLogger(config.logLevel, 'api');
  const db = createDb(config.databaseUrl!);
  // knex takes a lock, so several replicas starting together apply each migration once.
  const applied = await migrateLatest(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const temporalClient = await connectTemporalClient(config);
  const metrics = createMetrics({ inboxLag: createInboxLagReadModel(db), processMetrics: true });
  const metricsServer = await serveMetrics(config.metrics, metrics.registry, logger);
  const deps = buildApiDeps({ config, db, encryptor: createEncryptor(config.encryptionKey!), temporalClient, logger, metrics, automations: automationCatalog(AUTOMATIONS) });
  const app = createApp(deps);
  const sweeper = startInboxSweeper(deps);
  const server = app.listen(config.port);
  await once(server, 'listening');
  logger.info({ port: config.port, appUrl: config.appUrl }, 'api listening');

  const stop = async () => {
    sweeper.stop();
    server.close();
    await once(server, 'close');
    await metricsServer?.close();
    await temporalClient.connection.close();
    await db.destroy();
    process.exit(0);
  };
  // A signal handler cannot be awaited: a shutdown that fails is logged and still ends the process.
  const stopOnSignal = () => {
    stop().catch((err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
});
