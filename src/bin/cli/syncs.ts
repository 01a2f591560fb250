/**
 * `npm run cli -- syncs …`: what an on-call person does about syncs without the settings page.
 * `list` reads the database; `retry` goes through the same command as the settings page's Retry.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { resyncConnection } from '../../api/commands/resync-connection';
import type { Config } from '../../config';
import { createConnectionStore } from '../../db/connection-store';
import { createSyncOverviewReadModel, type SyncOverview, type SyncOverviewFilter } from '../../db/sync-overview-read-model';
import { createSyncRunStore } from '../../db/sync-run-store';
import { isResumable } from '../../domain/sync-run';
import { REPO_ROOT } from '../../infra/paths';
import { createLogger } from '../../logging/logger';
import { createEncryptor } from '../../security/encryption';
import { connectTemporalClient } from '../../temporal/client';
import { createOrchestrator } from '../../temporal/orchestrator';
import { UserFacingError } from '../run-main';

/** Where `npm start` runs its Temporal dev server. */
const LOCAL_TEMPORAL = '127.0.0.1:7233';

const present = ({ run, ...connection }: SyncOverview) => ({
  ...connection,
  syncRunId: run.id,
  status: run.status,
  phase: run.phase,
  counts: run.counts,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  error: run.error,
  errorAt: run.errorAt?.toISOString() ?? null,
  resumes: run.resumes,
});

/** Each connection's latest sync run, newest first. */
export async function listSyncs(db: Knex, filter: SyncOverviewFilter): Promise<ReturnType<typeof present>[]> {
  return (await createSyncOverviewReadModel(db).latestRuns(filter)).map(present);
}

/** ENCRYPTION_KEY, or the local demo's (read, never created here). */
function encryptionKey(config: Config): string {
  if (config.encryptionKey) return config.encryptionKey;
  const file = path.join(path.resolve(REPO_ROOT, config.dataDir), 'local-secrets.json');
  if (!config.databaseUrl && fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { encryptionKey: string }).encryptionKey;
  throw new UserFacingError('ENCRYPTION_KEY is required');
}

/**
 * Retry, as the settings page does it: the connection's account workflow starts its sync, which
 * reopens the last run if it did not succeed and resumes from its committed pages.
 */
export async function retrySync(db: Knex, config: Config, connectionId: string) {
  const connections = createConnectionStore(db, createEncryptor(encryptionKey(config)));
  const connection = await connections.find(connectionId);
  if (!connection) throw new UserFacingError(`no connection ${connectionId}`);
  const latest = await createSyncRunStore(db).latestForConnection(connectionId);
  const client = await connectTemporalClient(config, config.temporal.address ?? LOCAL_TEMPORAL);
  try {
    const orchestrator = createOrchestrator(client, config.temporal.taskQueue);
    // what goes wrong reaches the user as the command's error; stdout stays JSON
    const logger = createLogger('silent', 'cli');
    const result = await resyncConnection({ connections, orchestrator, logger }, connection.projectId, connectionId);
    return { ...result, resumes: result.started && latest && isResumable(latest, new Date()) ? latest.id : null };
  } finally {
    await client.connection.close();
  }
}
