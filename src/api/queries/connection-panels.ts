import type { LinkedCustomer } from '../../db/linked-customer-read-model';
import type { ApiDeps } from '../deps';
import type { ConnectionView } from '../presenters/connection';
import { presentInboxEvent } from '../presenters/inbox-event';
import { connectionViews } from './connection-views';

/** The most customers the simulation's select offers (a random one is always offered too). */
const SIMULATION_CUSTOMERS = 500;

/** What Settings → Integrations shows of one connection. */
export interface ConnectionPanel {
  connection: ConnectionView;
  /** events that kept failing and were set aside, oldest first */
  deadEvents: ReturnType<typeof presentInboxEvent>[];
  /** demo mode only, for an active connection: the customers a simulation can act on */
  simulation: { customers: LinkedCustomer[] } | null;
}

/** The project's connections as the settings page shows them. */
export async function connectionPanels(
  deps: Pick<ApiDeps, 'connections' | 'syncRuns' | 'inbox' | 'driftChecks' | 'linkedCustomers' | 'config' | 'now'>,
  projectId: string,
): Promise<ConnectionPanel[]> {
  const views = await connectionViews(deps, projectId);
  return Promise.all(views.map(async (connection): Promise<ConnectionPanel> => ({
    connection,
    deadEvents: connection.webhooks.dead ? (await deps.inbox.listDead(connection.id)).map(presentInboxEvent) : [],
    simulation: deps.config.demoMode && connection.status === 'active'
      ? { customers: await deps.linkedCustomers.list(connection.id, SIMULATION_CUSTOMERS) }
      : null,
  })));
}
