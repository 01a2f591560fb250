import { fetchedVersion } from '../domain/versions';
import type { ActivityDeps } from './deps';

export interface ReconcileSyncedObjectsInput {
  connectionId: string;
  syncRunId: string;
  /** unix seconds: the end of the slices' range; customers created later were not listed */
  createdBefore: number;
}

export interface ReconcileSyncedObjectsOutput {
  /** customers the mirror had that the complete listing no longer returned */
  deletedCustomers: number;
  /** charges that belong to no profile: no customer and no email matching one, or a deleted customer */
  unmatchedCharges: number;
}

export function createReconcileActivities({ syncWrites, connections }: ActivityDeps) {
  return {
    /**
     * Runs once every slice is done: customers the listing no longer returns were deleted in Stripe
     * and lose their links; charges without a customer are matched once more by email (profiles may
     * have been created meanwhile, by the sync or by the product's identify call).
     */
    async reconcileSyncedObjects({ connectionId, syncRunId, createdBefore }: ReconcileSyncedObjectsInput): Promise<ReconcileSyncedObjectsOutput> {
      const connection = await connections.get(connectionId);
      const scope = { projectId: connection.projectId, connectionId };
      return syncWrites.run(async ({ identity, mirror, profileObjects }) => {
        await identity.lockProject(scope.projectId);
        const deleted = await mirror.markUnseenCustomersDeleted(connectionId, syncRunId, createdBefore, fetchedVersion(Date.now()));
        await identity.linkCustomers(scope, deleted);
        await profileObjects.attachCharges(scope, 'all');
        return { deletedCustomers: deleted.length, unmatchedCharges: await profileObjects.countUnmatchedCharges(connectionId) };
      });
    },
  };
}
