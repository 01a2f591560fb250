import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createApiKeyProvider, type ApiKeyInput } from '../connect/api-key-provider';
import { createAppProvider, type AppProvider } from '../connect/app-provider';
import { createOAuthProvider, type OAuthProvider } from '../connect/oauth-provider';
import type { ConnectionProvider } from '../connect/provider';
import type { Knex } from '../db/knex';
import { createAutomationRunStore, type AutomationRunStore } from '../db/automation-run-store';
import { createAutomationSettingStore, type AutomationSettingStore } from '../db/automation-setting-store';
import { createEmailOutboxStore, type EmailOutboxStore } from '../db/email-outbox-store';
import { createUnsubscriptionStore, type UnsubscriptionStore } from '../db/unsubscription-store';
import type { AutomationCatalog } from '../domain/automation';
import { createConnectionStore, type ConnectionStore } from '../db/connection-store';
import { createCustomerBillingReadModel, type CustomerBillingReadModel } from '../db/customer-billing-read-model';
import { createDriftCheckStore, type DriftCheckStore } from '../db/drift-check-store';
import { createEventInboxStore, type EventInboxStore } from '../db/event-inbox-store';
import { createLinkedCustomerReadModel, type LinkedCustomerReadModel } from '../db/linked-customer-read-model';
import { createOAuthStateStore, type OAuthStateStore } from '../db/oauth-state-store';
import { createPendingAppInstallStore, type PendingAppInstallStore } from '../db/pending-app-install-store';
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
  /** Stripe App installs that started in Stripe, waiting for the user to choose the project */
  pendingInstalls: PendingAppInstallStore;
  inbox: EventInboxStore;
  /** a customer's mirrored subscriptions and charges */
  billing: CustomerBillingReadModel;
  /** a connection's Stripe customers that have a profile */
  linkedCustomers: LinkedCustomerReadModel;
  /** every automation the build ships (the composition root builds it from the registry) */
  automations: AutomationCatalog;
  automationSettings: AutomationSettingStore;
  automationRuns: AutomationRunStore;
  outbox: EmailOutboxStore;
  unsubscriptions: UnsubscriptionStore;
  /** what each connection's drift checks found */
  driftChecks: Pick<DriftCheckStore, 'latestForConnections'>;
  orchestrator: Orchestrator;
  /** wakes account workflows for new inbox events, coalescing bursts */
  accountWaker: AccountWaker;
  oauth: OAuthProvider;
  app: AppProvider;
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
  automations: AutomationCatalog;
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

export function buildApiDeps({ config, db, encryptor, temporalClient, logger, automations, ...given }: ApiDepsInput): ApiDeps {
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
    pendingInstalls: createPendingAppInstallStore(db, encryptor),
    inbox: createEventInboxStore(db),
    billing: createCustomerBillingReadModel(db),
    linkedCustomers: createLinkedCustomerReadModel(db),
    automations,
    automationSettings: createAutomationSettingStore(db, encryptor),
    automationRuns: createAutomationRunStore(db),
    outbox: createEmailOutboxStore(db),
    unsubscriptions: createUnsubscriptionStore(db),
    driftChecks: createDriftCheckStore(db),
    orchestrator,
    accountWaker: createAccountWaker(orchestrator, logger),
    oauth: createOAuthProvider(config.stripe),
    app: createAppProvider(config.stripe),
    apiKeyProvider: createApiKeyProvider({ apiUrl: config.stripe.apiUrl }),
    checkPostgres: postgresCheck(db),
    metrics: given.metrics ?? createMetrics(),
    now,
  };
}
