/**
 * Failed attempts (sign-ins) counted per key — a client address, a project — in a sliding window.
 * A key over its limit must wait until its oldest failure in the window has aged out. Kept in this
 * process's memory: each API process counts its own, which bounds guessing to limit × processes.
 */
export interface AttemptLimit {
  /** failures allowed in the window */
  limit: number;
  windowMs: number;
}

export interface AttemptLimiter {
  /** seconds until every one of `keys` may try again; 0 when none is over its limit */
  retryAfterSeconds(keys: Record<string, AttemptLimit>): number;
  recordFailure(keys: Record<string, AttemptLimit>): void;
}

/** Forgetting is done a little at a time, so that the map stays as small as the traffic of the last window. */
const SWEEP_EVERY = 1_000;

export function createAttemptLimiter(now: () => number = Date.now): AttemptLimiter {
  const failures = new Map<string, { times: number[]; windowMs: number }>();
  let calls = 0;

  const recent = (key: string, windowMs: number): number[] => {
    const entry = failures.get(key);
    if (!entry) return [];
    const since = now() - windowMs;
    entry.times = entry.times.filter((t) => t > since);
    if (entry.times.length === 0) failures.delete(key);
    return entry.times;
  };

  const sweep = () => {
    if (++calls % SWEEP_EVERY !== 0) return;
    for (const [key, entry] of failures) recent(key, entry.windowMs);
  };

  return {
    retryAfterSeconds(keys) {
      sweep();
      let waitMs = 0;
      for (const [key, { limit, windowMs }] of Object.entries(keys)) {
        const times = recent(key, windowMs);
        if (times.length >= limit) waitMs = Math.max(waitMs, times[times.length - limit]! + windowMs - now());
      }
      return Math.ceil(waitMs / 1000);
    },
    recordFailure(keys) {
      for (const [key, { limit, windowMs }] of Object.entries(keys)) {
        const times = recent(key, windowMs);
        // a key over its limit is refused before it is tried, so more than `limit` are never kept
        failures.set(key, { times: [...times, now()].slice(-limit), windowMs });
      }
    },
  };
}
