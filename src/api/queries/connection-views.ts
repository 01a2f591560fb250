import type { ApiDeps } from '../deps';
import { presentConnection, type ConnectionView } from '../presenters/connection';

/** The project's connections with their latest sync, as the API and the settings page show them. */
export async function connectionViews(
  deps: Pick<ApiDeps, 'connections' | 'syncRuns' | 'now'>,
  projectId: string,
): Promise<ConnectionView[]> {
  const connections = await deps.connections.listByProject(projectId);
  const runs = await deps.syncRuns.latestForConnections(connections.map((c) => c.id));
  const now = deps.now();
  return connections.map((c) => presentConnection(c, runs.get(c.id), now));
}
