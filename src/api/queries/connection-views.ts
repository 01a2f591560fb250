import { liveEventsDelivery } from '../../connect/managed-webhook-endpoint';
import type { ApiDeps } from '../deps';
import { presentConnection, type ConnectionView } from '../presenters/connection';

/** The project's connections with their latest sync and live-event counts, as the API and the settings page show them. */
export async function connectionViews(
  deps: Pick<ApiDeps, 'config' | 'connections' | 'syncRuns' | 'inbox' | 'now'>,
  projectId: string,
): Promise<ConnectionView[]> {
  const connections = await deps.connections.listByProject(projectId);
  const ids = connections.map((c) => c.id);
  const [runs, events] = await Promise.all([deps.syncRuns.latestForConnections(ids), deps.inbox.countsFor(ids)]);
  const now = deps.now();
  return connections.map((c) => presentConnection(c, runs.get(c.id), now, events.get(c.id), liveEventsDelivery(c, deps.config)));
}
