/** Production worker: `npm run worker` against an external Postgres and Temporal. */
import { loadConfig, requireConfig } from '../config';
import { createDb } from '../db/knex';
import { createLogger } from '../logging/logger';
import { connectWorkerConnection, createStripeWorker } from '../worker/create-worker';
import { runMain } from './run-main';

runMain(async () => {
  const config = loadConfig();
  requireConfig(config, ['databaseUrl', 'encryptionKey']);
  const logger = createLogger(config.logLevel, 'worker');
  const db = createDb(config.databaseUrl!);
  const connection = await connectWorkerConnection(config);
  const worker = await createStripeWorker({ config, db, connection, logger, prebuiltBundle: config.workflowBundle === 'prebuilt' });
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown, which ends run().
  await worker.run();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
});
