import type { StripeAccessRevoker } from '../connect/revoke-access';
import type { ConnectionDataPurge } from '../db/connection-data-purge';
import type { ConnectionStore } from '../db/connection-store';
import type { DriftCheckStore } from '../db/drift-check-store';
import type { EventInboxStore } from '../db/event-inbox-store';
import type { EventWriteStores } from '../db/event-write-stores';
import type { MirrorHistoryReadModel } from '../db/mirror-history-read-model';
import type { ProfileEventStore } from '../db/profile-event-store';
import type { ProfileOfObjectReadModel } from '../db/profile-of-object-read-model';
import type { SyncCheckpointStore } from '../db/sync-checkpoint-store';
import type { SyncRunStore } from '../db/sync-run-store';
import type { SyncWriteStores } from '../db/sync-write-stores';
import type { Transactional } from '../db/transaction';
import type { Logger } from '../logging/logger';
import type { StripeGatewayFactory } from '../stripe/gateway-factory';

/**
 * What the activities need, as narrow as they use it. The worker builds it from real parts
 * (`src/worker/activity-deps.ts`); tests hand in fakes of the same types.
 */
export interface ActivityDeps {
  connections: Pick<ConnectionStore, 'get' | 'move' | 'disconnect' | 'advanceEventsWatermark'>;
  syncRuns: Pick<SyncRunStore, 'start' | 'progress' | 'finish'>;
  checkpoints: Pick<SyncCheckpointStore, 'find'>;
  /** writes that commit together: a page with its checkpoint, the end-of-sync reconcile, a drift repair */
  syncWrites: Transactional<SyncWriteStores>;
  inbox: Pick<EventInboxStore, 'receive' | 'latestSeq' | 'pendingAfter' | 'settle' | 'recordFailure' | 'setProcessedSeq' | 'ignorePending'>;
  /** one live event's writes, settling its inbox entry in the same transaction */
  eventWrites: Transactional<EventWriteStores>;
  profileOf: Pick<ProfileOfObjectReadModel, 'hasCustomer'>;
  mirrorHistory: MirrorHistoryReadModel;
  profileEvents: Pick<ProfileEventStore, 'recordMany'>;
  gateways: StripeGatewayFactory;
  /** removes the product's access in Stripe when the product disconnects an account */
  stripeAccess: StripeAccessRevoker;
  /** a connection's Stripe data removed, in one transaction */
  purges: Transactional<ConnectionDataPurge>;
  driftChecks: Pick<DriftCheckStore, 'start' | 'get' | 'addCounts' | 'markSeen' | 'unseen' | 'finish'>;
  logger: Logger;
  /** how often account workflows poll Stripe's event list (STRIPE_EVENTS_POLL_SECONDS) */
  eventsPollSeconds: number;
}
