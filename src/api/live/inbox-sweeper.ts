import type { ConnectionStore } from '../../db/connection-store';
import type { EventInboxStore } from '../../db/event-inbox-store';
import type { Logger } from '../../logging/logger';
import type { AccountWaker } from './account-waker';

export interface InboxSweeperDeps {
  inbox: Pick<EventInboxStore, 'behind'>;
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
    if (connection && connection.status !== 'disconnected') deps.accountWaker.wake(connection, seq);
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
