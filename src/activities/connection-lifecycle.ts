import { ApplicationFailure } from '@temporalio/activity';
import type { PurgedStripeData } from '../db/connection-data-purge';
import { notSyncableReason, type DisconnectOrigin } from '../domain/connection';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { createAlerting } from './connection-alerts';
import type { ActivityDeps } from './deps';

export interface ConnectionInput {
  connectionId: string;
}

export interface RevokeStripeAccessOutput {
  revoked: boolean;
  /** why Stripe was not told, for the user to finish in Stripe */
  reason: string | null;
}

export interface DisconnectStripeConnectionInput extends ConnectionInput {
  by: DisconnectOrigin;
  /** shown with the status */
  message?: string | null;
  /** only this grant (by its `connectedAt`, epoch ms): a deauthorization is about the grant it was judged against */
  grantConnectedAt?: number;
}

export interface DisconnectStripeConnectionOutput {
  /** false when it was disconnected already, or reconnected since (`superseded`) */
  moved: boolean;
  /** a new grant was made since: it was left connected, and the workflow carries on for it */
  superseded: boolean;
  /** events that were waiting and are now kept as ignored */
  ignoredEvents: number;
}

/** The steps of a disconnect, each one retry-safe; the account workflow runs them in order. */
export function createConnectionLifecycleActivities({ connections, inbox, stripeAccess, purges, alerts }: ActivityDeps) {
  const alerting = createAlerting({ alerts });
  return {
    /** Removes the product's access in Stripe (deauthorize, or delete the managed webhook endpoint). */
    async revokeStripeAccess({ connectionId }: ConnectionInput): Promise<RevokeStripeAccessOutput> {
      const outcome = await stripeAccess.revoke(await connections.get(connectionId));
      return outcome.revoked ? { revoked: true, reason: null } : { revoked: false, reason: outcome.reason };
    },

    /**
     * The connection becomes disconnected with its Stripe credentials wiped, and what was waiting in
     * its inbox is kept as ignored, so nothing is left to wake a workflow for.
     */
    async disconnectStripeConnection({ connectionId, by, message, grantConnectedAt }: DisconnectStripeConnectionInput): Promise<DisconnectStripeConnectionOutput> {
      const grant = grantConnectedAt === undefined ? undefined : new Date(grantConnectedAt);
      const { moved, superseded } = await alerting.disconnect(connectionId, { by, message, grantConnectedAt: grant });
      if (superseded) return { moved, superseded, ignoredEvents: 0 };
      return { moved, superseded, ignoredEvents: await inbox.ignorePending(connectionId) };
    },

    async purgeStripeData({ connectionId }: ConnectionInput): Promise<PurgedStripeData> {
      const { projectId } = await connections.get(connectionId);
      return purges.run((purge) => purge.purge({ projectId, connectionId }));
    },

    /** Fails, for good, when the connection has no grant to sync with; the caller learns why. */
    async checkConnectionSyncable({ connectionId }: ConnectionInput): Promise<void> {
      const reason = notSyncableReason((await connections.get(connectionId)).status);
      if (reason) throw ApplicationFailure.nonRetryable(reason, SYNC_FAILURE.notSyncable);
    },
  };
}
