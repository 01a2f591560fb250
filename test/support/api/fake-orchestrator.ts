import type { StripeConnection } from '../../../src/domain/connection';
import type { SyncKind } from '../../../src/domain/sync-run';
import type { Orchestrator } from '../../../src/temporal/orchestrator';
import { syncWorkflowId } from '../../../src/temporal/ids';

export interface FakeOrchestrator extends Orchestrator {
  /** every startSync call, in order */
  calls: { connectionId: string; kind: SyncKind }[];
  /** every wakeAccount call, in order */
  wakes: { connectionId: string; seq: number }[];
  /** connections whose timeline history was asked for */
  historyRequests: string[];
  /** statuses the account workflows were told of, in order */
  statusChanges: { connectionId: string; status: string }[];
  /** ends the "running" workflow of a connection, so the next start starts again */
  finish(connectionId: string): void;
  healthy: boolean;
  /** makes startSync throw (Temporal unreachable) */
  failing: boolean;
}

/** An Orchestrator that remembers calls; like Temporal, it starts nothing new while a run is open. */
export function createFakeOrchestrator(): FakeOrchestrator {
  const running = new Set<string>();
  const fake: FakeOrchestrator = {
    calls: [],
    wakes: [],
    historyRequests: [],
    statusChanges: [],
    healthy: true,
    failing: false,
    finish: (connectionId) => void running.delete(connectionId),
    async startSync(connection: StripeConnection, kind: SyncKind) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.calls.push({ connectionId: connection.id, kind });
      const started = !running.has(connection.id);
      running.add(connection.id);
      return { workflowId: syncWorkflowId(connection.id), started };
    },
    async wakeAccount(connection: StripeConnection, seq: number) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.wakes.push({ connectionId: connection.id, seq });
    },
    async requestTimelineHistory(connection: StripeConnection) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.historyRequests.push(connection.id);
    },
    async connectionStatusChanged(connection: StripeConnection) {
      fake.statusChanges.push({ connectionId: connection.id, status: connection.status });
    },
    async health() {
      return fake.healthy ? { ok: true } : { ok: false, error: 'deadline exceeded' };
    },
  };
  return fake;
}
