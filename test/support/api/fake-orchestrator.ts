import type { StripeConnection } from '../../../src/domain/connection';
import { emptyDriftCounts } from '../../../src/domain/drift';
import type { SyncKind } from '../../../src/domain/sync-run';
import type { Orchestrator } from '../../../src/temporal/orchestrator';
import type { DisconnectRequest } from '../../../src/workflows/messages';
import { syncWorkflowId } from '../../../src/temporal/ids';

export interface FakeOrchestrator extends Orchestrator {
  /** every startSync call, in order */
  calls: { connectionId: string; kind: SyncKind }[];
  /** every wakeAccount call, in order */
  wakes: { connectionId: string; seq: number }[];
  /** connections whose timeline history was asked for */
  historyRequests: string[];
  /** workflow ids of the automation runs told their automation was switched off, in order */
  disabledRuns: string[];
  /** every disconnect asked for, in order */
  disconnects: ({ connectionId: string } & DisconnectRequest)[];
  /** every customer resync asked for, in order */
  customerResyncs: { connectionId: string; customerId: string }[];
  /** drift checks asked for, and schedules set, in order */
  driftChecks: { connectionId: string; everyHours?: number }[];
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
    disabledRuns: [],
    disconnects: [],
    customerResyncs: [],
    driftChecks: [],
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
    async cancelAutomationRuns(workflowIds: string[]) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.disabledRuns.push(...workflowIds);
      return workflowIds.length;
    },
    async disconnect(connection: StripeConnection, request: DisconnectRequest) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.disconnects.push({ connectionId: connection.id, ...request });
      return { by: 'product' as const, revokedInStripe: true, revokeNote: null, purged: null };
    },
    async resyncCustomer(connection: StripeConnection, customerId: string) {
      if (fake.failing) throw new Error('14 UNAVAILABLE: connection refused');
      fake.customerResyncs.push({ connectionId: connection.id, customerId });
      return emptyDriftCounts();
    },
    async requestDriftCheck(connection: StripeConnection) {
      fake.driftChecks.push({ connectionId: connection.id });
    },
    async scheduleDriftCheck(connection: StripeConnection, everyHours: number) {
      fake.driftChecks.push({ connectionId: connection.id, everyHours });
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
