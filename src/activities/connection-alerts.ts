import type { AlertWriteStores } from '../db/alert-write-stores';
import type { DisconnectHow, StatusTransition } from '../db/connection-store';
import type { OutboxEmail } from '../db/email-outbox-store';
import { alertEmail } from '../delivery/alert-email';
import type { ConnectionCause } from '../domain/connection';
import { alertOfMove, type AlertCause } from '../domain/connection-alerts';
import type { AlertDeps } from './deps';

/**
 * The causes of alerts, written with their alert: each runs in one transaction with the claim and
 * the outbox row (when the project has an alert email and no alert of that cause went out for the
 * connection within the hour), then starts the delivery of what the connection's alerts still
 * owe. A retried activity repeats the cause as a no-op and starts the deliveries again, so an
 * alert whose delivery did not start is picked up.
 */
export function createAlerting({ alerts: deps }: { alerts: AlertDeps }) {
  async function raise(stores: AlertWriteStores, connectionId: string, cause: AlertCause, detail: string | null, deadEvents?: number): Promise<OutboxEmail | null> {
    const connection = await stores.connections.get(connectionId);
    const project = await stores.projects.get(connection.projectId);
    if (!project.alertEmail || !(await stores.alerts.claim(connectionId, cause))) return null;
    const content = alertEmail({ cause, project, connection, at: new Date(), detail, deadEvents, appUrl: deps.appUrl });
    const overSmtp = !!deps.mailer;
    return stores.outbox.queueAlert({
      projectId: project.id, to: project.alertEmail, ...content,
      status: overSmtp ? 'queued' : 'outbox', transport: overSmtp ? 'smtp' : 'outbox', alert: { connectionId, cause },
    });
  }

  const alerting = {
    /** Hands the connection's undelivered alert emails to their delivery (a workflow each, started once). */
    async deliverPending(connectionId: string): Promise<void> {
      const pending = await deps.outbox.undeliveredAlerts(connectionId);
      if (pending.length) await deps.startDeliveries(pending.map((e) => e.id));
    },

    /** `connections.move`, with the alert the move raises (a canceled sync raises none). */
    async move(connectionId: string, cause: ConnectionCause, message: string | null, context: { canceled?: boolean } = {}): Promise<StatusTransition> {
      const moved = await deps.writes.run(async (stores) => {
        const result = await stores.connections.move(connectionId, cause, message);
        const alert = result.moved ? alertOfMove(cause, context) : null;
        if (alert) await raise(stores, connectionId, alert, message);
        return result;
      });
      await alerting.deliverPending(connectionId);
      return moved;
    },

    /** `connections.disconnect`, alerting when Stripe disconnected it (not when the product did). */
    async disconnect(connectionId: string, how: DisconnectHow): Promise<StatusTransition & { superseded: boolean }> {
      const result = await deps.writes.run(async (stores) => {
        const disconnected = await stores.connections.disconnect(connectionId, how);
        const alert = disconnected.moved ? alertOfMove('disconnected', { by: how.by }) : null;
        if (alert) await raise(stores, connectionId, alert, null);
        return disconnected;
      });
      await alerting.deliverPending(connectionId);
      return result;
    },

    /**
     * `inbox.recordFailure`, alerting when the event is set aside as dead. Its delivery starts at
     * the caller's `deliverPending`, once per batch of events.
     */
    async recordFailure(connectionId: string, seq: number, error: string, deadAfter: number): Promise<{ attempts: number; dead: boolean }> {
      return deps.writes.run(async (stores) => {
        const failure = await stores.inbox.recordFailure(connectionId, seq, error, deadAfter);
        if (failure.dead) {
          const dead = (await stores.inbox.countsFor([connectionId])).get(connectionId)?.dead ?? 1;
          await raise(stores, connectionId, 'events_dead', error, dead);
        }
        return failure;
      });
    },
  };
  return alerting;
}

export type Alerting = ReturnType<typeof createAlerting>;
