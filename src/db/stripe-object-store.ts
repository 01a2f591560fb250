import type { Knex } from 'knex';
import type { SourceVersion } from '../domain/versions';

/** What the mirror keeps of a Stripe customer; `data` is the whole object as Stripe sent it. */
export interface CustomerRecord {
  id: string;
  email: string | null;
  emailKey: string | null;
  /** unix seconds */
  created: number;
  deleted: boolean;
  data: unknown;
}

export interface SubscriptionRecord {
  id: string;
  customerId: string;
  status: string;
  created: number;
  data: unknown;
}

export interface ChargeRecord {
  id: string;
  customerId: string | null;
  /** a charge without a customer: its billing or receipt email, the key it is matched on */
  emailKey: string | null;
  status: string;
  amount: number;
  currency: string;
  created: number;
  data: unknown;
}

export const MIRROR_TABLES = {
  customers: 'stripe_customers',
  subscriptions: 'stripe_subscriptions',
  charges: 'stripe_charges',
} as const;

type MirrorTable = (typeof MIRROR_TABLES)[keyof typeof MIRROR_TABLES];

const timestamp = (unixSeconds: number) => new Date(unixSeconds * 1000);

export interface StripeObjectStore {
  /**
   * Upserts objects read at `version`; a row whose stored version is newer is left as it is.
   * Returns the ids that were written.
   */
  upsertCustomers(connectionId: string, records: CustomerRecord[], version: SourceVersion): Promise<string[]>;
  upsertSubscriptions(connectionId: string, records: SubscriptionRecord[], version: SourceVersion): Promise<string[]>;
  upsertCharges(connectionId: string, records: ChargeRecord[], version: SourceVersion): Promise<string[]>;
  /**
   * Records that a sync run's listing returned these customers (whether or not their rows changed);
   * returns how many this run had not seen before.
   */
  markCustomersSeen(connectionId: string, ids: string[], syncRunId: string): Promise<number>;
  /**
   * Marks deleted the customers created before `createdBefore` that the complete listing of
   * `syncRunId` did not return: Stripe lists no deleted customer, so absence means deletion.
   */
  markUnseenCustomersDeleted(connectionId: string, syncRunId: string, createdBefore: number, version: SourceVersion): Promise<string[]>;
}

/** Binds to a Knex or to a transaction: the page's rows and its checkpoint commit together. */
export function createStripeObjectStore(db: Knex): StripeObjectStore {
  async function upsertVersioned(table: MirrorTable, rows: Record<string, unknown>[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0]!).filter((c) => c !== 'connection_id' && c !== 'id');
    const written: { id: string }[] = await db(table)
      .insert(rows)
      .onConflict(['connection_id', 'id'])
      .merge(columns)
      .where(`${table}.source_version`, '<=', db.ref('excluded.source_version'))
      .returning('id');
    return written.map((r) => r.id);
  }

  const base = (connectionId: string, version: SourceVersion, r: { id: string; created: number; data: unknown }) => ({
    connection_id: connectionId,
    id: r.id,
    stripe_created_at: timestamp(r.created),
    data: JSON.stringify(r.data),
    source_version: version,
    synced_at: db.fn.now(),
  });

  return {
    upsertCustomers(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.customers, records.map((r) => ({
        ...base(connectionId, version, r), email: r.email, email_key: r.emailKey, deleted: r.deleted,
      })));
    },
    upsertSubscriptions(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.subscriptions, records.map((r) => ({
        ...base(connectionId, version, r), customer_id: r.customerId, status: r.status,
      })));
    },
    upsertCharges(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.charges, records.map((r) => ({
        ...base(connectionId, version, r), customer_id: r.customerId, email_key: r.emailKey, status: r.status,
        amount: r.amount, currency: r.currency,
      })));
    },
    async markCustomersSeen(connectionId, ids, syncRunId) {
      if (ids.length === 0) return 0;
      return db(MIRROR_TABLES.customers).where({ connection_id: connectionId }).whereIn('id', ids)
        .whereRaw('last_seen_run_id IS DISTINCT FROM ?', [syncRunId])
        .update({ last_seen_run_id: syncRunId });
    },
    async markUnseenCustomersDeleted(connectionId, syncRunId, createdBefore, version) {
      const rows: { id: string }[] = await db(MIRROR_TABLES.customers)
        .where({ connection_id: connectionId, deleted: false })
        .where('stripe_created_at', '<', timestamp(createdBefore))
        .whereRaw('last_seen_run_id IS DISTINCT FROM ?', [syncRunId])
        .where('source_version', '<=', version)
        .update({ deleted: true, source_version: version, synced_at: db.fn.now() })
        .returning('id');
      return rows.map((r) => r.id);
    },
  };
}
