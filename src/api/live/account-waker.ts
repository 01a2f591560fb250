import type { StripeConnection } from '../../domain/connection';
import type { Logger } from '../../logging/logger';
import type { Orchestrator } from '../../temporal/orchestrator';

export interface AccountWaker {
  /**
   * Wakes the connection's account workflow for inbox events up to `seq`, without waiting. At most
   * one signal per connection is in flight, and signals to it are spaced (100 ms): seqs that arrive
   * meanwhile are folded into the next one, so a burst of webhooks becomes a handful of signals. A failed signal is left to the
   * sweeper, which finds the inbox ahead of what the workflow processed.
   */
  wake(connection: StripeConnection, seq: number): void;
  /** Resolves once no signal is in flight (tests, shutdown). */
  idle(): Promise<void>;
}

interface Pending { connection: StripeConnection; wanted: number; sent: number; running: Promise<void> | null }

/** Signals to one connection are at least this far apart: events arriving meanwhile ride on the next one. */
const MIN_SIGNAL_INTERVAL_MS = 100;

export function createAccountWaker(orchestrator: Pick<Orchestrator, 'wakeAccount'>, logger: Logger, minIntervalMs = MIN_SIGNAL_INTERVAL_MS): AccountWaker {
  const byConnection = new Map<string, Pending>();

  async function pump(p: Pending): Promise<void> {
    while (p.wanted > p.sent) {
      const seq = p.wanted;
      try {
        await orchestrator.wakeAccount(p.connection, seq);
        p.sent = seq;
      } catch (err) {
        logger.warn({ err, connectionId: p.connection.id, seq }, 'could not wake the account workflow; the inbox sweeper will');
        break;
      }
      // Without a pause, fast signals would keep pace with a burst instead of folding it.
      await new Promise((resolve) => setTimeout(resolve, minIntervalMs));
    }
    p.running = null;
    if (p.wanted <= p.sent) byConnection.delete(p.connection.id);
  }

  return {
    wake(connection, seq) {
      const p = byConnection.get(connection.id) ?? { connection, wanted: 0, sent: 0, running: null };
      byConnection.set(connection.id, p);
      p.wanted = Math.max(p.wanted, seq);
      // Not awaited on purpose: the webhook is answered once the event is stored, not once Temporal heard.
      p.running ??= pump(p);
    },
    async idle() {
      await Promise.all([...byConnection.values()].flatMap((p) => (p.running ? [p.running] : [])));
    },
  };
}
