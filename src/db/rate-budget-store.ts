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

export function createRateBudgetStore(db: Knex): RateBudgetStore {
  return {
    async reserve(buckets) {
      const keys = [...new Set(buckets.map((b) => b.key))].sort();
      return db.transaction(async (trx) => {
        await trx(TABLE).insert(keys.map((bucket) => ({ bucket, next_free_ms: 0 }))).onConflict('bucket').ignore();
        // Locked in key order, so two reservations over overlapping buckets never deadlock.
        const { rows } = await trx.raw<{ rows: { next_free_ms: number }[] }>(
          `SELECT next_free_ms FROM ${TABLE} WHERE bucket = ANY(?) ORDER BY bucket FOR UPDATE`,
          [keys],
        );
        // Read after the locks are held: a clock read before waiting for them would be stale.
        const now = Number((await trx.raw<{ rows: { ms: string }[] }>(`SELECT extract(epoch from clock_timestamp()) * 1000 AS ms`)).rows[0]!.ms);
        const slot = Math.max(now, ...rows.map((r) => Number(r.next_free_ms)));
        for (const b of buckets) {
          await trx(TABLE).where({ bucket: b.key }).update({ next_free_ms: slot + b.intervalMs, updated_at: trx.fn.now() });
        }
        return slot - now;
      });
    },
  };
}
