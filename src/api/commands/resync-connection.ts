import { DomainError } from '../../domain/errors';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';
import { startSyncOrFlag } from './start-sync';

/**
 * Retry / Resync: runs the sync of one of the project's connections again. A second call while it
 * runs starts nothing new (`started: false`).
 */
export async function resyncConnection(
  deps: Pick<ApiDeps, 'connections' | 'orchestrator' | 'logger'>,
  projectId: string,
  connectionId: string,
): Promise<{ connectionId: string; workflowId: string; started: boolean }> {
  const connection = await projectConnection(deps, projectId, connectionId);
  const { moved } = await deps.connections.move(connection.id, 'syncStarted');
  if (!moved) throw new DomainError('conflict', 'Stripe access for this connection is gone; connect the account again to resume syncing.');
  const { workflowId, started } = await startSyncOrFlag(deps, connection, 'resync');
  return { connectionId, workflowId, started };
}
