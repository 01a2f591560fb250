import type { Knex } from 'knex';
import type { ConnectionStatus } from '../domain/connection';
import type { SyncRun } from '../domain/sync-run';
import { toSyncRun, type SyncRunRow } from './sync-run-store';

/** A connection's latest sync run, with what names the connection to an operator. */
export interface SyncOverview {
  connectionId: string;
  projectId: string;
  stripeAccountId: string;
  livemode: boolean;
  connectionStatus: ConnectionStatus;
  run: SyncRun;
}

export interface SyncOverviewFilter {
  /** only runs that ended without succeeding (failed, canceled, terminated, timed out) */
  failed?: boolean;
  /** only runs still running */
  running?: boolean;
}

export interface SyncOverviewReadModel {
  /** Every connection's latest run, newest first, across projects (for operators, not for the API). */
  latestRuns(filter?: SyncOverviewFilter): Promise<SyncOverview[]>;
}

export function createSyncOverviewReadModel(db: Knex): SyncOverviewReadModel {
  return {
    async latestRuns({ failed = false, running = false } = {}) {
      const latest = db('sync_runs as r')
        .distinctOn('r.connection_id')
        .select('r.*', 'c.project_id', 'c.stripe_account_id', 'c.livemode', { connection_status: 'c.status' })
        .join('stripe_connections as c', 'c.id', 'r.connection_id')
        .orderBy([{ column: 'r.connection_id' }, { column: 'r.started_at', order: 'desc' }]);
      const statuses = [...(running ? ['running'] : []), ...(failed ? ['failed', 'canceled', 'terminated', 'timed_out'] : [])];
      const all = db.select('*').from(latest.as('latest')).orderBy('started_at', 'desc');
      const rows = (await (statuses.length ? all.whereIn('status', statuses) : all)) as (SyncRunRow & { project_id: string; stripe_account_id: string; livemode: boolean; connection_status: ConnectionStatus })[];
      return rows.map((r) => ({
        connectionId: r.connection_id, projectId: r.project_id, stripeAccountId: r.stripe_account_id, livemode: r.livemode,
        connectionStatus: r.connection_status, run: toSyncRun(r),
      }));
    },
  };
}
