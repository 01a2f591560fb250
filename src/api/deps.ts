import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createApiKeyProvider, type ApiKeyInput } from '../connect/api-key-provider';
import { createOAuthProvider, type OAuthProvider } from '../connect/oauth-provider';
import type { ConnectionProvider } from '../connect/provider';
import type { Knex } from '../db/knex';
import { createConnectionStore, type ConnectionStore } from '../db/connection-store';
import { createOAuthStateStore, type OAuthStateStore } from '../db/oauth-state-store';
import { createProfileStore, type ProfileStore } from '../db/profile-store';
import { createProjectStore, type ProjectStore } from '../db/project-store';
import { createSegmentStore, type SegmentStore } from '../db/segment-store';
import { createSyncRunStore, type SyncRunStore } from '../db/sync-run-store';
import type { Logger } from '../logging/logger';
import type { Encryptor } from '../security/encryption';
import { createOrchestrator, type Orchestrator } from '../temporal/orchestrator';
import { deriveApiKeys, type ApiKeys } from './security/keys';

export interface HealthPart {
  ok: boolean;
  error?: string;
}

/** Everything the API needs; `buildApiDeps` wires the real ones, tests swap any of them. */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  keys: ApiKeys;
  projects: ProjectStore;
  connections: ConnectionStore;
  syncRuns: SyncRunStore;
  profiles: ProfileStore;
  segments: SegmentStore;
  oauthStates: OAuthStateStore;
  orchestrator: Orchestrator;
  oauth: OAuthProvider;
  apiKeyProvider: ConnectionProvider<ApiKeyInput>;
  checkPostgres(): Promise<HealthPart>;
  now: () => Date;
}

export interface ApiDepsInput {
  config: Config;
  db: Knex;
  encryptor: Encryptor;
  temporalClient: Client;
  logger: Logger;
}

export const postgresCheck = (db: Knex) => async (): Promise<HealthPart> => {
  try {
    await db.raw('select 1').timeout(2_000, { cancel: true });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
};

export function buildApiDeps({ config, db, encryptor, temporalClient, logger }: ApiDepsInput): ApiDeps {
  const now = () => new Date();
  return {
    config,
    logger,
    keys: deriveApiKeys(encryptor),
    projects: createProjectStore(db),
    connections: createConnectionStore(db, encryptor),
    syncRuns: createSyncRunStore(db),
    profiles: createProfileStore(db),
    segments: createSegmentStore(db, now),
    oauthStates: createOAuthStateStore(db),
    orchestrator: createOrchestrator(temporalClient, config.temporal.taskQueue),
    oauth: createOAuthProvider(config.stripe),
    apiKeyProvider: createApiKeyProvider({ apiUrl: config.stripe.apiUrl }),
    checkPostgres: postgresCheck(db),
    now,
  };
}
