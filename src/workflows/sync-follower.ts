import { log, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ConnectionStatus } from '../domain/connection';
import { connectionStatusChangedSignal } from './messages';
import { ConnectionStatusAttribute } from './shared';

// The wait lasts as long as the sync; heartbeats tell a dead worker from a long sync.
const { followSyncWorkflow } = proxyActivities<Activities>({
  startToCloseTimeout: '30 days',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
  summary: 'follow the sync until it closes',
});

export interface SyncFollower {
  /** a sync was just started: follow it */
  started(): void;
  /** a new run of the account workflow: follow the sync the last run started, if it has not ended */
  resume(): void;
}

/**
 * How the account workflow notices its sync ending when the sync cannot say so (terminated or
 * timed out from outside, after which its run is marked by the activity), and keeps its
 * `ConnectionStatus` search attribute current. The child's own result is of no use: the sync
 * outlives the account workflow's continue-as-new, and the next run is not its parent.
 */
export function followSyncs(connectionId: string, isRunning: () => boolean, ended: () => void): SyncFollower {
  let following = false;
  let starts = 0;

  const show = (status: ConnectionStatus) => upsertSearchAttributes([{ key: ConnectionStatusAttribute, value: status }]);
  setHandler(connectionStatusChangedSignal, (status) => {
    if (patched('account-follows-its-sync')) show(status);
  });

  async function followOnce(): Promise<void> {
    following = true;
    const startsBefore = starts;
    try {
      const { connectionStatus } = await followSyncWorkflow({ connectionId });
      show(connectionStatus);
      // a sync started meanwhile is the one running now
      if (starts === startsBefore) ended();
    } catch (error) {
      log.warn('could not follow the sync', { connectionId, error: (error as Error).message });
    } finally {
      following = false;
    }
    if (starts !== startsBefore) follow();
  }

  function follow(): void {
    if (following || !isRunning() || !patched('account-follows-its-sync')) return;
    void followOnce();
  }

  return {
    started() {
      starts++;
      follow();
    },
    resume: follow,
  };
}
