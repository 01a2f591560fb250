import type { Knex } from 'knex';
import { ALERT_INTERVAL_SECONDS, type AlertCause } from '../domain/connection-alerts';

const TABLE = 'connection_alerts';

/** The one owner of `connection_alerts`: when each connection was last alerted about each cause. */
export interface ConnectionAlertStore {
  /**
   * Claims the alert of this cause for the connection: true when none was claimed within the last
   * hour (the claim is then now), false otherwise. One statement on a unique key, so concurrent
   * claims (two workers, a retried activity) get one true between them, and a rolled-back
   * transaction gives its claim back.
   */
  claim(connectionId: string, cause: AlertCause): Promise<boolean>;
}

export function createConnectionAlertStore(db: Knex): ConnectionAlertStore {
  return {
    async claim(connectionId, cause) {
      const { rows } = await db.raw<{ rows: unknown[] }>(
        `INSERT INTO ${TABLE} (connection_id, cause, last_alerted_at) VALUES (?, ?, now())
         ON CONFLICT (connection_id, cause) DO UPDATE SET last_alerted_at = now()
           WHERE ${TABLE}.last_alerted_at <= now() - make_interval(secs => ?)
         RETURNING 1`,
        [connectionId, cause, ALERT_INTERVAL_SECONDS],
      );
      return rows.length === 1;
    },
  };
}
