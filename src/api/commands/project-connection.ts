import type { StripeConnection } from '../../domain/connection';
import { notFound } from '../../domain/errors';
import { addLogContext } from '../../logging/log-context';
import type { ApiDeps } from '../deps';

/** One of the project's connections; another project's does not exist, as far as this project can tell. */
export async function projectConnection(deps: Pick<ApiDeps, 'connections'>, projectId: string, connectionId: string): Promise<StripeConnection> {
  const connection = await deps.connections.find(connectionId);
  if (!connection || connection.projectId !== projectId) throw notFound(`connection ${connectionId}`);
  addLogContext({ connectionId });
  return connection;
}
