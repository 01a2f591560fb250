import { createAlertEmailActivities } from './alert-email-delivery';
import { createAutomationEmailActivities } from './automation-email';
import { createAutomationRunActivities } from './automation-runs';
import { createAutomationWaitActivities } from './automation-waits';
import { createAutomationWebhookActivities } from './automation-webhook';
import { createConnectionLifecycleActivities } from './connection-lifecycle';
import { createCopySliceActivities } from './copy-slice';
import { createCustomerResyncActivities } from './customer-resync';
import { createDriftCheckActivities } from './drift-check';
import type { ActivityDeps } from './deps';
import { createFollowSyncActivities } from './follow-sync';
import { createPollEventsActivities } from './poll-events';
import { createReconcileActivities } from './reconcile';
import { createStripeAccountActivities } from './stripe-account';
import { createStripeEventActivities } from './stripe-events';
import { createStripeTokenActivities } from './stripe-token';
import { createSyncRunActivities } from './sync-run';
import { createTimelineHistoryActivities } from './timeline-history';

export type { ActivityDeps, AlertDeps, AppTokenDeps } from './deps';
export type { SendAlertEmailInput } from './alert-email-delivery';
export type { CopyStripeSliceInput, CopyStripeSliceOutput } from './copy-slice';
export type { ProcessStripeEventsInput, ProcessStripeEventsOutput } from './stripe-events';
export type { PollStripeEventsInput, PollStripeEventsOutput } from './poll-events';
export type { ImportTimelineHistoryInput, ImportTimelineHistoryOutput } from './timeline-history';
export type { AutomationRunBegun } from './automation-runs';
export type { SendAutomationEmailOutput } from './automation-email';
export type { CallAutomationWebhookOutput } from './automation-webhook';
export type { WaitWake } from './automation-trigger';
export type { RefreshStripeTokenInput, RefreshStripeTokenOutput } from './stripe-token';
export type { DisconnectStripeConnectionOutput, RevokeStripeAccessOutput } from './connection-lifecycle';
export type { PurgedStripeData } from '../db/connection-data-purge';
export type { CheckStripeDriftOutput, DriftStep, StartDriftCheckOutput } from './drift-check';
export type { FollowSyncWorkflowOutput } from './follow-sync';
export type { StartSyncRunOutput } from './sync-run';

/** Every activity the worker hosts; workflows import only the type. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createSyncRunActivities(deps),
  ...createStripeAccountActivities(deps),
  ...createCopySliceActivities(deps),
  ...createReconcileActivities(deps),
  ...createStripeEventActivities(deps),
  ...createPollEventsActivities(deps),
  ...createTimelineHistoryActivities(deps),
  ...createAutomationRunActivities(deps),
  ...createAutomationEmailActivities(deps),
  ...createAutomationWebhookActivities(deps),
  ...createAutomationWaitActivities(deps),
  ...createStripeTokenActivities(deps),
  ...createConnectionLifecycleActivities(deps),
  ...createDriftCheckActivities(deps),
  ...createCustomerResyncActivities(deps),
  ...createFollowSyncActivities(deps),
  ...createAlertEmailActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
