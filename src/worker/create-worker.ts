import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { createMetrics, type Metrics } from '../metrics/metrics';
import { createEncryptor } from '../security/encryption';
import { buildActivityDeps } from './activity-deps';
import { logContextInterceptor } from './log-context-interceptor';
import { workflowBundle } from './workflow-bundle';

export interface StripeWorkerOptions {
  config: Config;
  db: Knex;
  connection: NativeConnection;
  logger: Logger;
  taskQueue?: string;
  prebuiltBundle?: boolean;
  /** another build of the workflows (a test deploying a new version beside the running one) */
  workflowBundle?: WorkflowBundleOption;
  /** what the activities count; the caller serves it (a fresh, unserved registry when absent) */
  metrics?: Metrics;
}

const MAX_WORKFLOW_TASKS = 200;

/** Hosts the workflows and the activities, built from real dependencies. */
export async function createStripeWorker(opts: StripeWorkerOptions): Promise<Worker> {
  const { config, db, logger } = opts;
  if (!config.encryptionKey) throw new Error('ENCRYPTION_KEY is required by the worker');
  const deps = buildActivityDeps({ db, config, encryptor: createEncryptor(config.encryptionKey), logger, metrics: opts.metrics ?? createMetrics() });
  const activities = createActivities(deps);
  const projectOf = async (connectionId: string) => (await deps.connections.get(connectionId)).projectId;
  return Worker.create({
    connection: opts.connection,
    namespace: config.temporal.namespace,
    taskQueue: opts.taskQueue ?? config.temporal.taskQueue,
    workflowBundle: opts.workflowBundle ?? (await workflowBundle(opts.prebuiltBundle)),
    activities,
    interceptors: { activity: [logContextInterceptor(projectOf)] },
    shutdownGraceTime: '10s',
    // An account workflow's live trickle runs as a local activity, which holds its workflow task
    // (and the task's slot) for the Stripe read: one slot per busy connection, not the SDK's 40.
    maxConcurrentWorkflowTaskExecutions: MAX_WORKFLOW_TASKS,
    maxConcurrentLocalActivityExecutions: MAX_WORKFLOW_TASKS,
  });
}

export const connectWorkerConnection = (config: Config, address = config.temporal.address) =>
  NativeConnection.connect({ address, tls: config.temporal.tls || undefined, apiKey: config.temporal.apiKey });
