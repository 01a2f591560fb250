import type { Knex } from 'knex';
import type { Config } from '../config';
import { createConnectionStore, type ConnectionStore } from '../db/connection-store';
import { createRateBudgetStore } from '../db/rate-budget-store';
import { createSyncRunStore, type SyncRunStore } from '../db/sync-run-store';
import type { Logger } from '../logging/logger';
import type { Encryptor } from '../security/encryption';
import { createStripeGatewayFactory, type StripeGatewayFactory } from '../stripe/gateway-factory';

/** What the activities need; the worker builds it from real parts, tests may swap any of them. */
export interface ActivityDeps {
  /** for page transactions: the mirror rows, identity changes and checkpoint commit together */
  db: Knex;
  connections: ConnectionStore;
  syncRuns: SyncRunStore;
  gateways: StripeGatewayFactory;
  logger: Logger;
}

export function buildActivityDeps({ db, config, encryptor, logger }: { db: Knex; config: Config; encryptor: Encryptor; logger: Logger }): ActivityDeps {
  const connections = createConnectionStore(db, encryptor);
  return {
    db,
    connections,
    syncRuns: createSyncRunStore(db),
    gateways: createStripeGatewayFactory({ config, connections, rateBudget: createRateBudgetStore(db), logger }),
    logger,
  };
}
