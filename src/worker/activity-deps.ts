import type { Knex } from 'knex';
import type { ActivityDeps } from '../activities';
import type { Config } from '../config';
import { createStripeAccessRevoker } from '../connect/revoke-access';
import { createConnectionDataPurge } from '../db/connection-data-purge';
import { createDriftCheckStore } from '../db/drift-check-store';
import { createConnectionStore } from '../db/connection-store';
import { createEventInboxStore } from '../db/event-inbox-store';
import { createEventWriteStores } from '../db/event-write-stores';
import { createMirrorHistoryReadModel } from '../db/mirror-history-read-model';
import { createProfileEventStore } from '../db/profile-event-store';
import { createProfileOfObjectReadModel } from '../db/profile-of-object-read-model';
import { createRateBudgetStore } from '../db/rate-budget-store';
import { createSyncCheckpointStore } from '../db/sync-checkpoint-store';
import { createSyncRunStore } from '../db/sync-run-store';
import { createSyncWriteStores } from '../db/sync-write-stores';
import { transactional } from '../db/transaction';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { Encryptor } from '../security/encryption';
import { askAccountWorkflowToRefresh } from '../activities/token-renewal';
import { createAppOAuthClient } from '../stripe/app-oauth';
import { createStripeGatewayFactory } from '../stripe/gateway-factory';
import { buildAlertDeps } from './alert-deps';
import { buildAutomationDeps } from './automation-deps';

/** The activities' dependencies, from real parts. */
export function buildActivityDeps({ db, config, encryptor, logger, metrics }: {
  db: Knex; config: Config; encryptor: Encryptor; logger: Logger; metrics: Metrics;
}): ActivityDeps {
  const connections = createConnectionStore(db, encryptor);
  const { secretKey, apiUrl, appTokenLifetimeSeconds } = config.stripe;
  const automations = buildAutomationDeps({ db, config, encryptor });
  return {
    connections,
    syncRuns: createSyncRunStore(db),
    checkpoints: createSyncCheckpointStore(db),
    syncWrites: transactional(db, createSyncWriteStores),
    inbox: createEventInboxStore(db),
    eventWrites: transactional(db, createEventWriteStores),
    profileOf: createProfileOfObjectReadModel(db),
    mirrorHistory: createMirrorHistoryReadModel(db),
    profileEvents: createProfileEventStore(db),
    gateways: createStripeGatewayFactory({ config, connections, rateBudget: createRateBudgetStore(db), logger, metrics, renewAccessToken: askAccountWorkflowToRefresh }),
    stripeAccess: createStripeAccessRevoker({ stripe: config.stripe, connections }),
    purges: transactional(db, createConnectionDataPurge),
    driftChecks: createDriftCheckStore(db),
    logger,
    metrics,
    eventsPollSeconds: config.stripe.eventsPollSeconds,
    automations,
    alerts: buildAlertDeps({ db, config, encryptor, mailer: automations.mailer }),
    appTokens: {
      store: connections,
      client: secretKey ? createAppOAuthClient({ apiUrl, secretKey, tokenLifetimeSeconds: appTokenLifetimeSeconds }) : null,
      lifetimeSeconds: appTokenLifetimeSeconds,
    },
  };
}
