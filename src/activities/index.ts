import { createCopySliceActivities } from './copy-slice';
import type { ActivityDeps } from './deps';
import { createFollowSyncActivities } from './follow-sync';
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
  ...createFollowSyncActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
