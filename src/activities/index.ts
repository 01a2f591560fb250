import { createCopySliceActivities } from './copy-slice';
import type { ActivityDeps } from './deps';
import { createReconcileActivities } from './reconcile';
import { createStripeAccountActivities } from './stripe-account';
import { createSyncRunActivities } from './sync-run';

export type { ActivityDeps } from './deps';
export type { CopyStripeSliceInput, CopyStripeSliceOutput } from './copy-slice';

/** Every activity the worker hosts; workflows import only the type. */
export const createActivities = (deps: ActivityDeps) => ({
  ...createSyncRunActivities(deps),
  ...createStripeAccountActivities(deps),
  ...createCopySliceActivities(deps),
  ...createReconcileActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
