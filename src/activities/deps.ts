import type { AutomationRunStore } from '../db/automation-run-store';
import type { AutomationSettingStore } from '../db/automation-setting-store';
import type { AutomationWaitWriteStores } from '../db/automation-wait-write-stores';
import type { ConnectionStore } from '../db/connection-store';
import type { EmailOutboxStore } from '../db/email-outbox-store';
import type { StripeAccessRevoker } from '../connect/revoke-access';
import type { ConnectionDataPurge } from '../db/connection-data-purge';
import type { DriftCheckStore } from '../db/drift-check-store';
import type { EventInboxStore } from '../db/event-inbox-store';
import type { EventWriteStores } from '../db/event-write-stores';
import type { MirrorHistoryReadModel } from '../db/mirror-history-read-model';
import type { ProfileEventStore } from '../db/profile-event-store';
import type { ProfileOfObjectReadModel } from '../db/profile-of-object-read-model';
import type { ProfileStore } from '../db/profile-store';
import type { SyncCheckpointStore } from '../db/sync-checkpoint-store';
import type { SyncRunStore } from '../db/sync-run-store';
import type { SyncWriteStores } from '../db/sync-write-stores';
import type { Transactional } from '../db/transaction';
import type { UnsubscriptionStore } from '../db/unsubscription-store';
import type { SignedWebhook } from '../delivery/webhook-call';
import type { Mailer } from '../delivery/mailer';
import type { AutomationCatalog } from '../domain/automation';
import type { AlertWriteStores } from '../db/alert-write-stores';
import type { Logger } from '../logging/logger';
import type { AppOAuthClient } from '../stripe/app-oauth';
import type { Metrics } from '../metrics/metrics';
import type { StripeGatewayFactory } from '../stripe/gateway-factory';

/**
 * What the activities need, as narrow as they use it. The worker builds it from real parts
 * (`src/worker/activity-deps.ts`); tests hand in fakes of the same types.
 */
export interface ActivityDeps {
  connections: Pick<ConnectionStore, 'get' | 'move' | 'disconnect' | 'advanceEventsWatermark'>;
  syncRuns: Pick<SyncRunStore, 'start' | 'progress' | 'finish' | 'endIfRunning' | 'reopen' | 'findForExecution' | 'latestForConnection'>;
  checkpoints: Pick<SyncCheckpointStore, 'find' | 'listForRun'>;
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
  metrics: Pick<Metrics, 'pageCopied' | 'eventProcessed' | 'automationRun' | 'emailSent'>;
  /** how often account workflows poll Stripe's event list (STRIPE_EVENTS_POLL_SECONDS) */
  eventsPollSeconds: number;
  automations: AutomationActivityDeps;
  /** refreshing Stripe App access tokens; without it App connections cannot be kept fresh */
  appTokens?: AppTokenDeps;
  /** the project's alert email: written with its cause, delivered through the outbox */
  alerts: AlertDeps;
}

/** What connection alerts need: the writes they share a transaction with, the outbox, and the way out. */
export interface AlertDeps {
  writes: Transactional<AlertWriteStores>;
  outbox: Pick<EmailOutboxStore, 'find' | 'undeliveredAlerts' | 'settle'>;
  /** absent: no SMTP_URL, alerts stay in the outbox */
  mailer?: Mailer;
  /** SMTP_FROM */
  from: string;
  /** APP_URL, for the email's links */
  appUrl: string;
  /** starts the durable delivery of these alert emails (a workflow each); a delivery started already is left alone */
  startDeliveries(emailIds: string[]): Promise<void>;
}

export interface AppTokenDeps {
  store: Pick<ConnectionStore, 'credentials' | 'rotateCredentials'>;
  /** null without the App owner's secret key */
  client: Pick<AppOAuthClient, 'refresh'> | null;
  /** STRIPE_APP_TOKEN_LIFETIME_SECONDS */
  lifetimeSeconds: number;
}

/** What automation runs need: the ledger, the project's settings, and the ways out (email, webhooks). */
export interface AutomationActivityDeps {
  catalog: AutomationCatalog;
  runs: AutomationRunStore;
  settings: Pick<AutomationSettingStore, 'find' | 'webhookSecret'>;
  /** a wait's registration and its first look for the event, under the project lock */
  waitWrites: Transactional<AutomationWaitWriteStores>;
  waits: Pick<AutomationWaitWriteStores['waits'], 'remove'>;
  profiles: Pick<ProfileStore, 'get' | 'update'>;
  profileEvents: Pick<ProfileEventStore, 'get' | 'record'>;
  outbox: Pick<EmailOutboxStore, 'queue' | 'settle'>;
  unsubscriptions: Pick<UnsubscriptionStore, 'find'>;
  /** absent: no SMTP_URL, every email stays in the outbox */
  mailer?: Mailer;
  /** the From of every email (SMTP_FROM) */
  from: string;
  unsubscribeUrl(projectId: string, profileId: string): string;
  postWebhook(call: SignedWebhook): Promise<{ status: number }>;
  /** AUTOMATION_ALLOW_PRIVATE_URLS: the demo and tests call webhooks on loopback */
  allowPrivateUrls: boolean;
}
