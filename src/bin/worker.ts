/** Production worker: `npm run worker` against an external Postgres and Temporal. */
import { loadConfig, requireConfig } from '../config';
import { createInboxLagReadModel } from '../db/inbox-lag-read-model';
import { createDb } from '../db/knex';
import { createLogger } from '../logging/logger';
import { createMetrics } from '../metrics/metrics';
import { serveMetrics } from '../metrics/server';
import { connectWorkerConnection, createStripeWorker } from '../worker/create-worker';
import { installTemporalRuntime } from '../worker/runtime';
import { runMain } from './run-main';

runMain(async () => {
  const config = loadConfig();
  requireConfig(config, ['databaseUrl', 'encryptionKey']);
  const logger = createLogger(config.logLevel, 'worker');
  installTemporalRuntime(config, logger);
  const db = createDb(config.databaseUrl!);
  const metrics = createMetrics({ inboxLag: createInboxLagReadModel(db), processMetrics: true });
  const metricsServer = await serveMetrics(config.metrics, metrics.registry, logger);
  const connection = await connectWorkerConnection(config);
  const worker = await createStripeWorker({ config, db, connection, logger, metrics, prebuiltBundle: config.workflowBundle === 'prebuilt' });
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown, which ends run().
  await worker.run();
  await metricsServer?.close();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
});
