/**
 * Workflow inputs and message definitions shared by workflows and their callers. Kept free of
 * anything but types and `@temporalio/workflow` definitions so both sides can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConnectionMode } from '../domain/connection';
import type { DriftStep, PurgedStripeData } from '../activities';
import type { DisconnectOrigin } from '../domain/connection';
import type { DriftCounts } from '../domain/drift';
import type { ConnectionStatus } from '../domain/connection';
import type { SyncCounts, SyncKind, SyncPhase } from '../domain/sync-run';
import type { SlicePlan } from '../domain/sync-slices';

/** Tuning of the first sync; every field is optional and has a production default. */
export interface StripeSyncOptions {
  /** slices paging at once; default: enough to fill the connection's rate budget */
  concurrency?: number;
  /** initial slices per object type (more are split off whenever a slot would sit idle) */
  slicesPerType?: number;
  /** bounds on one slice activity call */
  pagesPerActivity?: number;
  secondsPerActivity?: number;
  /** continue-as-new once history has this many events (or when the server suggests it) */
  continueAsNewAfterEvents?: number;
}

/** What a sync carries across continue-as-new. */
export interface StripeSyncState {
  syncRunId: string;
  /** unix seconds: the slices end here; later objects are left to live events */
  createdBefore: number;
  concurrency: number;
  plan: SlicePlan;
  /** how many times this sync has continued as new */
  continuedAsNew: number;
  /** the connection's rate budget, requests per second (for the UI's details) */
  budgetPerSecond?: number;
  /** how many times a retry reopened this run */
  resumes?: number;
}

export interface StripeSyncInput {
  connectionId: string;
  kind: SyncKind;
  /** Carried across continue-as-new; undefined on the first run. */
  state?: StripeSyncState;
  options?: StripeSyncOptions;
}

export interface StripeSyncResult {
  syncRunId: string;
  counts: SyncCounts;
  continuedAsNew: number;
}

/** Live progress for the Temporal UI and tools; the API reads `sync_runs` instead. */
export interface StripeSyncProgress {
  syncRunId: string | null;
  phase: SyncPhase;
  counts: Omit<SyncCounts, 'unmatchedCharges'>;
  /** estimated totals per object type */
  totals: Omit<SyncCounts, 'unmatchedCharges'>;
  slices: { total: number; done: number; running: number };
  continuedAsNew: number;
  /** at the rate of this workflow run so far; null while unknown */
  etaSeconds?: number | null;
  budgetPerSecond?: number | null;
  resumes?: number;
}

export const stripeSyncProgressQuery = defineQuery<StripeSyncProgress>('progress');

/** The per-account workflow `stripe-account:<connectionId>`; its input names the account for the UI. */
export interface StripeAccountInput {
  connectionId: string;
  projectId: string;
  stripeAccountId: string;
  livemode: boolean;
  /** how the connection reaches Stripe when the workflow started (a Stripe App's token is kept fresh) */
  mode?: ConnectionMode;
  /** how often to check for drift (the connection's setting when the run started; 0: never) */
  driftCheckEverySeconds?: number;
  /** the Stripe account's name, for the summaries people read in the Temporal UI */
  accountName?: string | null;
  /** Carried across continue-as-new; undefined on the first run. */
  state?: StripeAccountState;
  options?: StripeAccountOptions;
}

/** The drift check's schedule, and where a running one stands. */
export interface DriftCheckState {
  everySeconds: number;
  /** workflow time (ms) the last one started (the workflow's start, before the first) */
  lastAt: number;
  /** asked for now */
  wanted: boolean;
  running?: { driftCheckId: string; createdBefore: number; kind: number; step: DriftStep };
}

export interface StripeAccountState {
  /** every inbox event up to here is done */
  processedSeq: number;
  /** the newest inbox sequence number the workflow has heard of */
  knownSeq: number;
  continuedAsNew: number;
  /** workflow time (ms) of the next poll of Stripe's event list; 0 polls at once */
  nextPollAt: number;
  /** the customers' past is to be put on their timelines (when the connection has the option on) */
  historyWanted?: boolean;
  /** a sync this workflow started has not said it ended */
  syncRunning?: boolean;
  /** the connection is to be disconnected: the workflow winds down and ends */
  disconnect?: { by: DisconnectOrigin; purge: boolean; grantConnectedAt?: number };
  drift?: DriftCheckState;
}

export interface StripeAccountOptions {
  /** continue-as-new once history has this many events (or when the server suggests it) */
  continueAsNewAfterEvents?: number;
}

/** The inbox has events up to this sequence number. Carries no event, only the number. */
export const inboxAdvancedSignal = defineSignal<[number]>('inboxAdvanced');

/** The connection's timeline-history option was switched on: import the past from the mirror. */
export const timelineHistoryRequestedSignal = defineSignal('timelineHistoryRequested');

/** Sent by the sync to the account workflow that started it, by workflow id (it survives the parent's continue-as-new). */
export const syncFinishedSignal = defineSignal('syncFinished');

export interface ResyncRequest {
  kind: SyncKind;
}

export interface ResyncResult {
  /** the sync's workflow id, `stripe-sync:<connectionId>` */
  workflowId: string;
  /** false when a sync was already running: asking again starts nothing new */
  started: boolean;
}

/** Starts the connection's sync unless one runs; the caller learns which. */
export const resyncUpdate = defineUpdate<ResyncResult, [ResyncRequest]>('resync');

/**
 * The connection's status changed outside the workflow (in the API): the workflow shows it in its
 * `ConnectionStatus` search attribute. Carries only the status.
 */
export const connectionStatusChangedSignal = defineSignal<[ConnectionStatus]>('connectionStatusChanged');

/** Cancels the connection's running sync through its workflow handle; the sync records itself as canceled. */
export const cancelSyncUpdate = defineUpdate<{ canceled: boolean }>('cancelSync');

export interface DisconnectRequest {
  /** also remove the Stripe data from profiles (links, `stripe.*` traits, subscriptions, charges, the mirror) */
  purge: boolean;
}

export interface DisconnectResult {
  /** who disconnected it first: a disconnect asked for after Stripe's deauthorization keeps `stripe` */
  by: DisconnectOrigin;
  /** Stripe was told (the account deauthorized, or the managed webhook endpoint deleted) */
  revokedInStripe: boolean;
  /** when Stripe was not told: what is left to do there */
  revokeNote: string | null;
  /** what the purge removed, when one was asked for */
  purged: PurgedStripeData | null;
}

/**
 * Disconnects the account from the product: Stripe is told, the connection becomes disconnected
 * with its credentials wiped, a running sync is cancelled, the Stripe data is purged when asked,
 * and the workflow ends. Answers once all of that is done.
 */
export const disconnectUpdate = defineUpdate<DisconnectResult, [DisconnectRequest]>('disconnect');

export interface CustomerResyncRequest {
  /** the Stripe customer, `cus_…` */
  customerId: string;
}

/** Refetches one customer with its subscriptions and charges and repairs only those; answers what differed, per kind. */
export const resyncCustomerUpdate = defineUpdate<DriftCounts, [CustomerResyncRequest]>('resyncCustomer');

/** Run the drift check now (it compares Stripe's objects with the stored ones and repairs what differs). */
export const driftCheckRequestedSignal = defineSignal('driftCheckRequested');

/** The connection's drift check now runs every this many seconds (0: never). */
export const driftCheckScheduledSignal = defineSignal<[number]>('driftCheckScheduled');

export interface StripeAccountProgress {
  processedSeq: number;
  knownSeq: number;
  nextPollAt: number;
  /** signals received by this run: far fewer than events in a burst */
  signals: number;
  continuedAsNew: number;
}

export const stripeAccountProgressQuery = defineQuery<StripeAccountProgress>('accountProgress');

export interface RefreshStripeTokenRequest {
  /** the fingerprint of the access token Stripe refused (never the token itself) */
  rejected?: string;
}

/**
 * Asked by an activity whose Stripe App access token Stripe refused: the account workflow refreshes
 * it (one refresh at a time per connection) and answers once the new token is stored.
 */
export const refreshStripeTokenUpdate = defineUpdate<{ refreshed: boolean }, [RefreshStripeTokenRequest]>('refreshStripeToken');
