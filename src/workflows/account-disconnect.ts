import { ActivityFailure, ApplicationFailure, CancellationScope, condition, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities, RevokeStripeAccessOutput } from '../activities';
import type { DisconnectOrigin } from '../domain/connection';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { disconnectUpdate, type DisconnectRequest, type DisconnectResult, type StripeAccountState } from './messages';
import { ConnectionStatusAttribute } from './shared';

const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30 seconds' };

// Telling Stripe is tried a few times; after that the disconnect goes on and says what is left to do there.
const { revokeStripeAccess } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { ...retry, maximumAttempts: 4 } });
const { disconnectStripeConnection, checkConnectionSyncable } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });
const { purgeStripeData } = proxyActivities<Activities>({ startToCloseTimeout: '15 minutes', retry });

const MESSAGE_OF: Record<DisconnectOrigin, string> = {
  stripe: 'The account removed this app\'s access in Stripe.',
  product: 'Disconnected from Stripe here.',
};

/** The lifecycle end of an account workflow: its `disconnect` Update, Stripe's deauthorization, and the wind-down. */
export interface Disconnecting {
  /** a disconnect was asked for (or Stripe deauthorized us): the workflow is to wind down */
  readonly requested: boolean;
  /** Stripe's deauthorization of the grant made at `grantConnectedAt` (epoch ms) was processed */
  deauthorizedInStripe(grantConnectedAt: number): void;
  /** the connection turned out to be disconnected already (a run started for it afterwards): it only ends */
  foundDisconnected(): void;
  /**
   * Runs the disconnect to its end, whatever cancels the workflow meanwhile: Stripe told (when the
   * product disconnects), the connection disconnected with its credentials wiped, the sync stopped,
   * the data purged if asked. The workflow ends after it, unless the connection was reconnected
   * meanwhile (`superseded`): the new grant stays, and the workflow carries on for it.
   */
  windDown(): Promise<{ superseded: boolean }>;
}

/**
 * Registers the `disconnect` Update (before any await of the workflow). `stopSync` cancels a
 * running sync and waits until it has stopped writing.
 */
export function handleDisconnect(connectionId: string, state: StripeAccountState, stopSync: () => Promise<void>): Disconnecting {
  let result: DisconnectResult | undefined;

  setHandler(disconnectUpdate, async ({ purge }) => {
    // the product's request is about whatever grant there is: it drops the guard of a deauthorization
    state.disconnect = { by: state.disconnect?.by ?? 'product', purge: purge || !!state.disconnect?.purge };
    await condition(() => result !== undefined);
    return result!;
  }, {
    validator: (request: DisconnectRequest | undefined) => {
      if (typeof request?.purge !== 'boolean') throw ApplicationFailure.nonRetryable('purge must be true or false', 'InvalidDisconnect');
    },
  });

  async function tellStripe(by: DisconnectOrigin): Promise<RevokeStripeAccessOutput> {
    // Stripe told us itself: there is nothing to revoke
    if (by === 'stripe') return { revoked: true, reason: null };
    try {
      return await revokeStripeAccess({ connectionId });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      return { revoked: false, reason: 'Stripe could not be reached to remove the access; remove it in the Stripe Dashboard.' };
    }
  }

  return {
    get requested() {
      return state.disconnect !== undefined;
    },
    deauthorizedInStripe(grantConnectedAt) {
      state.disconnect ??= { by: 'stripe', purge: false, grantConnectedAt };
    },
    foundDisconnected() {
      // the wind-down's steps are idempotent: nothing moves, nothing is told, the run ends
      state.disconnect ??= { by: 'stripe', purge: false };
    },
    async windDown() {
      return CancellationScope.nonCancellable(async () => {
        for (;;) {
          const { by, grantConnectedAt } = state.disconnect!;
          const told = await tellStripe(by);
          const { superseded } = await disconnectStripeConnection({ connectionId, by, message: told.reason ?? MESSAGE_OF[by], grantConnectedAt });
          if (!superseded) {
            // without a sync to follow, nothing else tells the search attribute (the API cannot: the workflow ends here)
            if (patched('disconnect-shows-connection-status')) upsertSearchAttributes([{ key: ConnectionStatusAttribute, value: 'disconnected' }]);
            await stopSync();
            // the request may have gained the purge meanwhile
            const purged = state.disconnect!.purge ? await purgeStripeData({ connectionId }) : null;
            result = { by, revokedInStripe: told.revoked, revokeNote: told.reason, purged };
            return { superseded };
          }
          if (state.disconnect!.grantConnectedAt !== undefined) {
            state.disconnect = undefined;
            return { superseded };
          }
          // the product asked to disconnect meanwhile: that applies to the new grant, and Stripe is told
          state.disconnect = { ...state.disconnect!, by: 'product' };
        }
      });
    },
  };
}

/** For Update validators: nothing new starts on a connection that is being disconnected. */
export function refuseWhileDisconnecting(disconnecting: Pick<Disconnecting, 'requested'>): void {
  if (disconnecting.requested) throw ApplicationFailure.nonRetryable('This Stripe account is being disconnected.', SYNC_FAILURE.notSyncable);
}

/**
 * Refuses, with the reason as the failure's message, a sync or a customer's resync of a connection
 * without a grant (disconnected, or needing reconnection), or of one being disconnected.
 */
export async function ensureSyncable(connectionId: string, disconnecting: Pick<Disconnecting, 'requested'>): Promise<void> {
  refuseWhileDisconnecting(disconnecting);
  try {
    await checkConnectionSyncable({ connectionId });
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (cause instanceof ApplicationFailure && cause.type === SYNC_FAILURE.notSyncable) throw ApplicationFailure.nonRetryable(cause.message, cause.type);
    throw error;
  }
}
