/**
 * Workflow inputs and message definitions shared by workflows and their callers. Kept free of
 * anything but types and `@temporalio/workflow` definitions so both sides can import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
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
  /** the Stripe account's name, for the summaries people read in the Temporal UI */
  accountName?: string | null;
  /** Carried across continue-as-new; undefined on the first run. */
  state?: StripeAccountState;
  options?: StripeAccountOptions;
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

export interface StripeAccountProgress {
  processedSeq: number;
  knownSeq: number;
  nextPollAt: number;
  /** signals received by this run: far fewer than events in a burst */
  signals: number;
  continuedAsNew: number;
}

export const stripeAccountProgressQuery = defineQuery<StripeAccountProgress>('accountProgress');
