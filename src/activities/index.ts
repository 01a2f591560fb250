import { createConnectionLifecycleActivities } from './connection-lifecycle';
import { createCopySliceActivities } from './copy-slice';
import { createCustomerResyncActivities } from './customer-resync';
import { createDriftCheckActivities } from './drift-check';
import type { ActivityDeps } from './deps';
import { createPollEventsActivities } from './poll-events';
import { createReconcileActivities } from './reconcile';
import { createStripeAccountActivities } from './stripe-account';
import { createStripeEventActivities } from './stripe-events';
import { createSyncRunActivities } from './sync-run';
import { createTimelineHistoryActivities } from './timeline-history';

export type { ActivityDeps } from './deps';
export type { CopyStripeSliceInput, CopyStripeSliceOutput } from './copy-slice';
export type { ProcessStripeEventsInput, ProcessStripeEventsOutput } from './stripe-events';
export type { PollStripeEventsInput, PollStripeEventsOutput } from './poll-events';
export type { ImportTimelineHistoryInput, ImportTimelineHistoryOutput } from './timeline-history';
export type { DisconnectStripeConnectionOutput, RevokeStripeAccessOutput } from './connection-lifecycle';
export type { PurgedStripeData } from '../db/connection-data-purge';
export type { CheckStripeDriftOutput, DriftStep, StartDriftCheckOutput } from './drift-check';

/** Every activity the worker hosts; workflows import only the type. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createSyncRunActivities(deps),
  ...createStripeAccountActivities(deps),
  ...createCopySliceActivities(deps),
  ...createReconcileActivities(deps),
  ...createStripeEventActivities(deps),
  ...createPollEventsActivities(deps),
  ...createTimelineHistoryActivities(deps),
  ...createConnectionLifecycleActivities(deps),
  ...createDriftCheckActivities(deps),
  ...createCustomerResyncActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
