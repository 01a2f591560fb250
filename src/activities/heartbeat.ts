import { heartbeat } from '@temporalio/activity';

/**
 * Heartbeats on a timer as well as after each page: waits for the rate budget or a slow response
 * must not look like a dead worker, and only heartbeating activities learn they were cancelled.
 */
export function keepHeartbeating<T>(details: () => T, everyMs = 3_000): { beat(): void; stop(): void } {
  const beat = () => heartbeat(details());
  const timer = setInterval(beat, everyMs);
  return { beat, stop: () => clearInterval(timer) };
}
