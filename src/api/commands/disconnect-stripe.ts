import type { StripeConnection } from '../../domain/connection';
import { DomainError } from '../../domain/errors';
import type { DisconnectRequest, DisconnectResult } from '../../workflows/messages';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';

export interface DisconnectOutcome {
  /** the connection as it is afterwards: disconnected */
  connection: StripeConnection;
  result: DisconnectResult;
}

/**
 * Disconnect, from the product: the connection's account workflow tells Stripe (deauthorize, or
 * delete the managed webhook endpoint), disconnects the connection with its credentials wiped,
 * stops its sync and, with `purge`, removes its Stripe data from the profiles. Disconnecting a
 * connection that is disconnected already (say, in Stripe) still purges when asked.
 */
export async function disconnectStripe(
  deps: Pick<ApiDeps, 'connections' | 'orchestrator' | 'logger'>,
  projectId: string,
  connectionId: string,
  request: DisconnectRequest,
): Promise<DisconnectOutcome> {
  const connection = await projectConnection(deps, projectId, connectionId);
  let result: DisconnectResult;
  try {
    result = await deps.orchestrator.disconnect(connection, request);
  } catch (err) {
    deps.logger.error({ err, connectionId }, 'the disconnect did not go through');
    throw new DomainError('internal_error', 'The account could not be disconnected (the workflow service did not answer). Please try again in a moment.');
  }
  return { connection: await deps.connections.get(connection.id), result };
}
