import type { Knex } from 'knex';
import type { ActivityDeps } from '../activities';
import type { Config } from '../config';
import { createConnectionStore } from '../db/connection-store';
import { createRateBudgetStore } from '../db/rate-budget-store';
import { createSyncCheckpointStore } from '../db/sync-checkpoint-store';
import { createSyncRunStore } from '../db/sync-run-store';
import { createSyncWriteStores } from '../db/sync-write-stores';
import { transactional } from '../db/transaction';
import type { Logger } from '../logging/logger';
import type { Encryptor } from '../security/encryption';
import { createStripeGatewayFactory } from '../stripe/gateway-factory';

/** The activities' dependencies, from real parts. */
export function buildActivityDeps({ db, config, encryptor, logger }: { db: Knex; config: Config; encryptor: Encryptor; logger: Logger }): ActivityDeps {
  const connections = createConnectionStore(db, encryptor);
  return {
    connections,
    syncRuns: createSyncRunStore(db),
    checkpoints: createSyncCheckpointStore(db),
    syncWrites: transactional(db, createSyncWriteStores),
    gateways: createStripeGatewayFactory({ config, connections, rateBudget: createRateBudgetStore(db), logger }),
    logger,
  };
}
