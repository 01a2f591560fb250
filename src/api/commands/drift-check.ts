import { notSyncableReason, type StripeConnection } from '../../domain/connection';
import { DomainError } from '../../domain/errors';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';

/** "Check for drift now": the connection's account workflow runs its drift check at once. */
export async function requestDriftCheck(deps: Pick<ApiDeps, 'connections' | 'orchestrator'>, projectId: string, connectionId: string): Promise<void> {
  const connection = await projectConnection(deps, projectId, connectionId);
  const reason = notSyncableReason(connection.status);
  if (reason) throw new DomainError('conflict', reason);
  await deps.orchestrator.requestDriftCheck(connection);
}

/**
 * How often the connection's drift check runs (0: never). A running account workflow hears it at
 * once; a disconnected connection's next workflow reads it when it starts.
 */
export async function scheduleDriftCheck(
  deps: Pick<ApiDeps, 'connections' | 'orchestrator'>,
  projectId: string,
  connectionId: string,
  everyHours: number,
): Promise<StripeConnection> {
  const connection = await projectConnection(deps, projectId, connectionId);
  await deps.connections.setDriftCheckEveryHours(connection.id, everyHours);
  if (connection.status !== 'disconnected') await deps.orchestrator.scheduleDriftCheck(connection, everyHours);
  return deps.connections.get(connection.id);
}
