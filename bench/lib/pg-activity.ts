import { Client } from 'pg';
import { onCleanup } from '../../test/support/cleanup';

/**
 * Where the run's PostgreSQL backends spend their time, sampled from pg_stat_activity every
 * `intervalMs`: running, waiting on a lock (the project's advisory lock shows as
 * `Lock:advisory`), on the client (idle in transaction: the worker's turn), or on I/O.
 */
export interface PgActivity {
  samples: number;
  /** backend-samples per state, e.g. `active`, `Lock:advisory`, `Client:ClientRead`, `idle in transaction` */
  states: Record<string, number>;
  /** the statements most often seen active, with how often */
  statements: [string, number][];
}

export function samplePgActivity(url: string, database: string, intervalMs = 50): { stop(): Promise<PgActivity> } {
  const client = new Client({ connectionString: url });
  const states = new Map<string, number>();
  const statements = new Map<string, number>();
  let samples = 0;
  let running = true;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ state: string; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'`,
        [database],
      );
      samples++;
      for (const r of rows) {
        const key = r.wait && !r.wait.startsWith('Client') ? r.wait : r.state === 'active' ? 'active' : r.state;
        bump(states, key);
        if (key === 'active' || key.startsWith('Lock') || key.startsWith('LWLock') || key.startsWith('IO')) bump(statements, `${key} ${r.query}`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    await client.end();
  })();
  // An interrupted run ends the sampling before PostgreSQL stops: a connection the server
  // terminates would otherwise be an unhandled error in the middle of the cleanup.
  onCleanup(async () => {
    running = false;
    await loop.catch(() => undefined);
  });
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, states: Object.fromEntries(states), statements: [...statements].sort((a, b) => b[1] - a[1]).slice(0, 15) };
    },
  };
}
