import type { Knex } from 'knex';

const TABLE = 'stripe_rate_budget';

export interface RateBucket {
  /** e.g. `acct_1:test` (the account's whole budget) or `acct_1:test:GET /v1/customers` */
  key: string;
  /** the least time between two requests charged to this bucket */
  intervalMs: number;
}

export interface RateBudgetStore {
  /**
   * Reserves the earliest start that respects every bucket (GCRA without burst: each request
   * pushes the bucket's next free time one interval further) and returns how long to wait for it.
   * Times come from the Postgres clock, so worker processes on different hosts share one schedule.
   */
  reserve(buckets: RateBucket[]): Promise<number>;
}

/**
 * One statement, so the buckets' rows stay locked only while it runs (every request of the
 * account queues on its global bucket): lock the rows in key order (two reservations over
 * overlapping buckets never deadlock), read the Postgres clock once they are held (a reading taken
 * before waiting for them would be stale), take the later of now and every bucket's next free
 * time, and push each bucket one interval past it.
 */
const RESERVE_SQL = `
  WITH locked AS (
    SELECT bucket, next_free_ms FROM ${TABLE} WHERE bucket = ANY(?::text[]) ORDER BY bucket FOR UPDATE
  ), slot AS (
    SELECT clock_ms, greatest(clock_ms, free_ms) AS slot_ms
      FROM (SELECT extract(epoch from clock_timestamp()) * 1000 AS clock_ms, max(next_free_ms) AS free_ms FROM locked) held
  ), moved AS (
    UPDATE ${TABLE} b SET next_free_ms = slot.slot_ms + v.interval_ms, updated_at = now()
      FROM slot, unnest(?::text[], ?::float8[]) AS v(bucket, interval_ms)
     WHERE b.bucket = v.bucket
  )
  SELECT slot_ms - clock_ms AS delay FROM slot`;

export function createRateBudgetStore(db: Knex): RateBudgetStore {
  /** buckets known to have their row, so a reservation is one round trip */
  const created = new Set<string>();
  return {
    async reserve(buckets) {
      const missing = [...new Set(buckets.map((b) => b.key))].filter((key) => !created.has(key));
      if (missing.length) {
        await db(TABLE).insert(missing.map((bucket) => ({ bucket, next_free_ms: 0 }))).onConflict('bucket').ignore();
        missing.forEach((key) => created.add(key));
      }
      const { rows } = await db.raw<{ rows: { delay: number }[] }>(RESERVE_SQL, [
        buckets.map((b) => b.key), buckets.map((b) => b.key), buckets.map((b) => b.intervalMs),
      ]);
      return Math.max(0, Number(rows[0]!.delay));
    },
  };
}
