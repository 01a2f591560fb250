import type { StripeConnection } from '../../domain/connection';
import type { ApiDeps } from '../deps';
import { projectConnection } from './project-connection';

/**
 * The per-connection history option. Switching it on asks the account workflow to put each
 * customer's past (from the objects the sync stored) on their timeline, as historical entries;
 * switching it off stops future imports and keeps what was imported.
 */
export async function setTimelineHistory(
  deps: Pick<ApiDeps, 'connections' | 'orchestrator'>,
  projectId: string,
  connectionId: string,
  on: boolean,
): Promise<StripeConnection> {
  const connection = await projectConnection(deps, projectId, connectionId);
  await deps.connections.setTimelineHistory(connection.id, on);
  // a disconnected connection's reconnect imports it, once its sync has run
  if (on && !connection.timelineHistory && connection.status !== 'disconnected') await deps.orchestrator.requestTimelineHistory(connection);
  return deps.connections.get(connection.id);
}
