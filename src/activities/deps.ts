import type { ConnectionStore } from '../db/connection-store';
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
import type { Metrics } from '../metrics/metrics';
import type { StripeGatewayFactory } from '../stripe/gateway-factory';

/**
 * What the activities need, as narrow as they use it. The worker builds it from real parts
 * (`src/worker/activity-deps.ts`); tests hand in fakes of the same types.
 */
export interface ActivityDeps {
  connections: Pick<ConnectionStore, 'get' | 'move' | 'advanceEventsWatermark'>;
  syncRuns: Pick<SyncRunStore, 'start' | 'progress' | 'finish' | 'endIfRunning' | 'reopen' | 'findForExecution' | 'latestForConnection'>;
  checkpoints: Pick<SyncCheckpointStore, 'find' | 'listForRun'>;
  /** writes that commit together: a page with its checkpoint, or the end-of-sync reconcile */
  syncWrites: Transactional<SyncWriteStores>;
  inbox: Pick<EventInboxStore, 'receive' | 'latestSeq' | 'pendingAfter' | 'settle' | 'recordFailure' | 'setProcessedSeq'>;
  /** one live event's writes, settling its inbox entry in the same transaction */
  eventWrites: Transactional<EventWriteStores>;
  profileOf: Pick<ProfileOfObjectReadModel, 'hasCustomer'>;
  mirrorHistory: MirrorHistoryReadModel;
  profileEvents: Pick<ProfileEventStore, 'recordMany'>;
  gateways: StripeGatewayFactory;
  logger: Logger;
  metrics: Pick<Metrics, 'pageCopied' | 'eventProcessed'>;
  /** how often account workflows poll Stripe's event list (STRIPE_EVENTS_POLL_SECONDS) */
  eventsPollSeconds: number;
}
