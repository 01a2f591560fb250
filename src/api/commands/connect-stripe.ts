import type { ConnectionGrant } from '../../connect/provider';
import type { StripeConnection } from '../../domain/connection';
import { STRIPE_SEGMENTS } from '../../domain/segments';
import type { ApiDeps } from '../deps';
import { startSyncOrFlag } from './start-sync';

export interface ConnectResult {
  connection: StripeConnection;
  /** false when the project had this account (and mode) already: a reconnect */
  created: boolean;
  /** false when a sync of this connection was already running */
  syncStarted: boolean;
}

/**
 * What every provider's grant leads to: the connection is stored (credentials encrypted by the
 * store; one per project, account and livemode), the Stripe segments are added, and the sync starts
 * durably — the first sync on a new connection, a resync on a reconnect.
 */
export async function connectStripe(
  deps: Pick<ApiDeps, 'connections' | 'segments' | 'orchestrator' | 'logger'>,
  projectId: string,
  grant: ConnectionGrant,
): Promise<ConnectResult> {
  const { connection, created } = await deps.connections.upsert({ projectId, ...grant });
  await deps.segments.ensure(projectId, STRIPE_SEGMENTS);
  const { started } = await startSyncOrFlag(deps, connection, created ? 'initial' : 'resync');
  return { connection, created, syncStarted: started };
}
