import type { ConnectionStore } from '../../db/connection-store';
import type { EventInboxStore } from '../../db/event-inbox-store';
import type { Logger } from '../../logging/logger';
import type { AccountWaker } from './account-waker';

export interface InboxSweeperDeps {
  inbox: Pick<EventInboxStore, 'behind' | 'setProcessedSeq'>;
  connections: Pick<ConnectionStore, 'find'>;
  accountWaker: AccountWaker;
  logger: Logger;
}

/**
 * One sweep: wakes every connection whose inbox holds events its account workflow has not
 * processed, which is how events stored while Temporal was down, or whose signal was lost, get
 * processed. Waking a workflow that is merely busy is harmless: it reads its cursor, not the signal.
 */
export async function sweepInboxes(deps: InboxSweeperDeps, limit = 500): Promise<number> {
  const behind = await deps.inbox.behind(limit);
  for (const { connectionId, seq } of behind) {
    const connection = await deps.connections.find(connectionId);
    if (!connection) continue;
    // A disconnected connection's events are kept as ignored, with nothing to process (a reconnect
    // replays them): it is not behind, and must not crowd the others out of the next sweeps.
    if (connection.status === 'disconnected') await deps.inbox.setProcessedSeq(connectionId, seq);
    else deps.accountWaker.wake(connection, seq);
  }
  return behind.length;
}

/** Sweeps every `everyMs` until stopped; a failed sweep is logged and the next one tries again. */
export function startInboxSweeper(deps: InboxSweeperDeps, everyMs = 30_000): { stop(): void } {
  const timer = setInterval(() => {
    sweepInboxes(deps).catch((err: unknown) => deps.logger.warn({ err }, 'inbox sweep failed'));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
