import { liveEventsDelivery } from '../../connect/managed-webhook-endpoint';
import type { ApiDeps } from '../deps';
import { presentConnection, type ConnectionView } from '../presenters/connection';

/** The project's connections with their latest sync, live-event counts and drift check, as the API and the settings page show them. */
export async function connectionViews(
  deps: Pick<ApiDeps, 'config' | 'connections' | 'syncRuns' | 'inbox' | 'driftChecks' | 'now'>,
  projectId: string,
): Promise<ConnectionView[]> {
  const connections = await deps.connections.listByProject(projectId);
  const ids = connections.map((c) => c.id);
  const [runs, events, drifts] = await Promise.all([
    deps.syncRuns.latestForConnections(ids), deps.inbox.countsFor(ids), deps.driftChecks.latestForConnections(ids),
  ]);
  const now = deps.now();
  return connections.map((c) => presentConnection(c, runs.get(c.id), now, events.get(c.id), liveEventsDelivery(c, deps.config), drifts.get(c.id)));
}
