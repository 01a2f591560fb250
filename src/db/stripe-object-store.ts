import type { Knex } from 'knex';
import type { SourceVersion, Versions } from '../domain/versions';

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
   * Upserts objects read at `version` (or each at its own); a row whose stored version is newer is left as it is.
   * Returns the ids that were written.
   */
  upsertCustomers(connectionId: string, records: CustomerRecord[], version: Versions): Promise<string[]>;
  upsertSubscriptions(connectionId: string, records: SubscriptionRecord[], version: Versions): Promise<string[]>;
  upsertCharges(connectionId: string, records: ChargeRecord[], version: Versions): Promise<string[]>;
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
  /** Deletes the connection's whole mirror; returns how many rows of each kind there were. */
  deleteConnection(connectionId: string): Promise<MirrorCounts>;
  /** The stored copies of these objects (a deleted customer's too), by id. */
  storedObjects(connectionId: string, kind: MirrorKind, ids: string[]): Promise<Map<string, StoredObject>>;
  /** The ids of a customer's stored subscriptions or charges. */
  idsOfCustomer(connectionId: string, kind: 'subscriptions' | 'charges', customerId: string): Promise<string[]>;
  /**
   * Objects Stripe no longer has, as of `version`: customers are marked deleted (their links go with
   * the identity rules), subscriptions and charges removed. Returns the ids that changed.
   */
  removeObjects(connectionId: string, kind: MirrorKind, ids: string[], version: SourceVersion): Promise<string[]>;
}

export type MirrorKind = keyof typeof MIRROR_TABLES;

export interface StoredObject {
  data: unknown;
  deleted: boolean;
  /** a subscription's or charge's customer */
  customerId: string | null;
}

export type MirrorCounts = Record<MirrorKind, number>;

/** A mirror column filled from the page's JSON: its name, its SQL type, and the expression that reads it. */
interface Column { name: string; type: string; value?: string }

const COMMON: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'stripe_created_at', type: 'timestamptz', value: 'to_timestamp(r.created)' },
  { name: 'data', type: 'jsonb' },
];
const COLUMNS: Record<MirrorTable, Column[]> = {
  stripe_customers: [...COMMON, { name: 'email', type: 'text' }, { name: 'email_key', type: 'text' }, { name: 'deleted', type: 'boolean' }],
  stripe_subscriptions: [...COMMON, { name: 'customer_id', type: 'text' }, { name: 'status', type: 'text' }],
  stripe_charges: [
    ...COMMON, { name: 'customer_id', type: 'text' }, { name: 'email_key', type: 'text' }, { name: 'status', type: 'text' },
    { name: 'amount', type: 'bigint' }, { name: 'currency', type: 'text' },
  ],
};

/**
 * One statement per page: the rows travel as one JSON document that Postgres takes apart
 * (`jsonb_to_recordset`), so each object is serialized once and no query is built per value.
 * A row whose stored version is newer is left as it is.
 */
function upsertSql(table: MirrorTable): string {
  const columns = COLUMNS[table];
  const recordType = [
    ...columns.map((c) => `${c.name === 'stripe_created_at' ? 'created' : c.name} ${c.name === 'stripe_created_at' ? 'bigint' : c.type}`),
    'source_version bigint',
  ];
  const names = ['connection_id', ...columns.map((c) => c.name), 'source_version', 'synced_at'];
  const values = ['?', ...columns.map((c) => c.value ?? `r.${c.name}`), 'COALESCE(r.source_version, ?::bigint)', 'now()'];
  const updates = names.filter((n) => n !== 'connection_id' && n !== 'id').map((n) => `${n} = excluded.${n}`);
  return `INSERT INTO ${table} (${names.join(', ')})
          SELECT ${values.join(', ')} FROM jsonb_to_recordset(?::jsonb) AS r(${recordType.join(', ')})
          ON CONFLICT (connection_id, id) DO UPDATE SET ${updates.join(', ')}
          WHERE ${table}.source_version <= excluded.source_version
          RETURNING id`;
}
const UPSERT_SQL = Object.fromEntries(Object.values(MIRROR_TABLES).map((t) => [t, upsertSql(t)])) as Record<MirrorTable, string>;

/** Binds to a Knex or to a transaction: the page's rows and its checkpoint commit together. */
export function createStripeObjectStore(db: Knex): StripeObjectStore {
  async function upsertVersioned(table: MirrorTable, connectionId: string, version: Versions, rows: Record<string, unknown>[]): Promise<string[]> {
    if (rows.length === 0) return [];
    // one version for the rows, or each row's own in the document (the statement's version then null)
    const shared = typeof version === 'number' ? version : null;
    const versioned = typeof version === 'number' ? rows : rows.map((row, i) => ({ ...row, source_version: version[i] }));
    // ? order in the statement: connection_id, source_version (in the select list), then the rows
    const { rows: written } = await db.raw<{ rows: { id: string }[] }>(UPSERT_SQL[table], [connectionId, shared, JSON.stringify(versioned)]);
    return written.map((r) => r.id);
  }

  return {
    upsertCustomers(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.customers, connectionId, version, records.map((r) => ({
        id: r.id, created: r.created, data: r.data, email: r.email, email_key: r.emailKey, deleted: r.deleted,
      })));
    },
    upsertSubscriptions(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.subscriptions, connectionId, version, records.map((r) => ({
        id: r.id, created: r.created, data: r.data, customer_id: r.customerId, status: r.status,
      })));
    },
    upsertCharges(connectionId, records, version) {
      return upsertVersioned(MIRROR_TABLES.charges, connectionId, version, records.map((r) => ({
        id: r.id, created: r.created, data: r.data, customer_id: r.customerId, email_key: r.emailKey, status: r.status,
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
    async storedObjects(connectionId, kind, ids) {
      if (ids.length === 0) return new Map();
      const table = MIRROR_TABLES[kind];
      const rows: { id: string; data: unknown; deleted?: boolean; customer_id?: string | null }[] = await db(table)
        .where({ connection_id: connectionId }).whereIn('id', ids)
        .select('id', 'data', kind === 'customers' ? 'deleted' : 'customer_id');
      return new Map(rows.map((r) => [r.id, { data: r.data, deleted: r.deleted ?? false, customerId: r.customer_id ?? null }]));
    },
    async idsOfCustomer(connectionId, kind, customerId) {
      return db(MIRROR_TABLES[kind]).where({ connection_id: connectionId, customer_id: customerId }).orderBy('id').pluck<string[]>('id');
    },
    async removeObjects(connectionId, kind, ids, version) {
      if (ids.length === 0) return [];
      const rows = db(MIRROR_TABLES[kind]).where({ connection_id: connectionId }).whereIn('id', ids).where('source_version', '<=', version);
      const changed: { id: string }[] = kind === 'customers'
        ? await rows.where({ deleted: false }).update({ deleted: true, source_version: version, synced_at: db.fn.now() }).returning('id')
        : await rows.delete().returning('id');
      return changed.map((r) => r.id);
    },
    async deleteConnection(connectionId) {
      const counts = {} as MirrorCounts;
      for (const [kind, table] of Object.entries(MIRROR_TABLES) as [keyof typeof MIRROR_TABLES, MirrorTable][]) {
        counts[kind] = await db(table).where({ connection_id: connectionId }).delete();
      }
      return counts;
    },
  };
}
