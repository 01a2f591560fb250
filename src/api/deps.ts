import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createApiKeyProvider, type ApiKeyInput } from '../connect/api-key-provider';
import { createOAuthProvider, type OAuthProvider } from '../connect/oauth-provider';
import type { ConnectionProvider } from '../connect/provider';
import type { Knex } from '../db/knex';
import { createConnectionStore, type ConnectionStore } from '../db/connection-store';
import { createCustomerBillingReadModel, type CustomerBillingReadModel } from '../db/customer-billing-read-model';
import { createEventInboxStore, type EventInboxStore } from '../db/event-inbox-store';
import { createLinkedCustomerReadModel, type LinkedCustomerReadModel } from '../db/linked-customer-read-model';
import { createOAuthStateStore, type OAuthStateStore } from '../db/oauth-state-store';
import { createProfileEventStore, type ProfileEventStore } from '../db/profile-event-store';
import { createProfileStore, type ProfileStore } from '../db/profile-store';
import { createProjectStore, type ProjectStore } from '../db/project-store';
import { createSegmentStore, type SegmentStore } from '../db/segment-store';
import { createSyncRunStore, type SyncRunStore } from '../db/sync-run-store';
import type { Logger } from '../logging/logger';
import { createMetrics, type Metrics } from '../metrics/metrics';
import type { Encryptor } from '../security/encryption';
import { createOrchestrator, type Orchestrator } from '../temporal/orchestrator';
import { createAccountWaker, type AccountWaker } from './live/account-waker';
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
  profileEvents: ProfileEventStore;
  segments: SegmentStore;
  oauthStates: OAuthStateStore;
  inbox: EventInboxStore;
  /** a customer's mirrored subscriptions and charges */
  billing: CustomerBillingReadModel;
  /** a connection's Stripe customers that have a profile */
  linkedCustomers: LinkedCustomerReadModel;
  orchestrator: Orchestrator;
  /** wakes account workflows for new inbox events, coalescing bursts */
  accountWaker: AccountWaker;
  oauth: OAuthProvider;
  apiKeyProvider: ConnectionProvider<ApiKeyInput>;
  checkPostgres(): Promise<HealthPart>;
  /** what the API counts (webhooks); served on METRICS_PORT by the process, never by the app */
  metrics: Metrics;
  now: () => Date;
}

export interface ApiDepsInput {
  config: Config;
  db: Knex;
  encryptor: Encryptor;
  logger: Logger;
  /** Temporal, through the real orchestrator over this client, or an orchestrator of the caller's */
  temporalClient?: Client;
  orchestrator?: Orchestrator;
  /** shared with the worker when they run in one process; a fresh registry otherwise */
  metrics?: Metrics;
}

export const postgresCheck = (db: Knex) => async (): Promise<HealthPart> => {
  try {
    await db.raw('select 1').timeout(2_000, { cancel: true });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
};

export function buildApiDeps({ config, db, encryptor, temporalClient, logger, ...given }: ApiDepsInput): ApiDeps {
  const now = () => new Date();
  if (!given.orchestrator && !temporalClient) throw new Error('buildApiDeps needs a Temporal client or an orchestrator');
  const orchestrator = given.orchestrator ?? createOrchestrator(temporalClient!, config.temporal.taskQueue);
  return {
    config,
    logger,
    keys: deriveApiKeys(encryptor),
    projects: createProjectStore(db),
    connections: createConnectionStore(db, encryptor),
    syncRuns: createSyncRunStore(db),
    profiles: createProfileStore(db),
    profileEvents: createProfileEventStore(db),
    segments: createSegmentStore(db, now),
    oauthStates: createOAuthStateStore(db),
    inbox: createEventInboxStore(db),
    billing: createCustomerBillingReadModel(db),
    linkedCustomers: createLinkedCustomerReadModel(db),
    orchestrator,
    accountWaker: createAccountWaker(orchestrator, logger),
    oauth: createOAuthProvider(config.stripe),
    apiKeyProvider: createApiKeyProvider({ apiUrl: config.stripe.apiUrl }),
    checkPostgres: postgresCheck(db),
    metrics: given.metrics ?? createMetrics(),
    now,
  };
}
