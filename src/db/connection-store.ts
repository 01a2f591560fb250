import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type {
  ConnectionMode,
  ConnectionStatus,
  RateBudget,
  StripeConnection,
  StripeCredentials,
} from '../domain/connection';
import type { Encryptor } from '../security/encryption';

const TABLE = 'stripe_connections';

interface ConnectionRow {
  id: string; project_id: string; stripe_account_id: string; livemode: boolean; mode: ConnectionMode;
  status: ConnectionStatus; status_message: string | null; credentials: string; scope: string | null;
  account_name: string | null; rate_budget: RateBudget | null; connected_at: Date; disconnected_at: Date | null;
  created_at: Date; updated_at: Date;
}

const toConnection = (r: ConnectionRow): StripeConnection => ({
  id: r.id,
  projectId: r.project_id,
  stripeAccountId: r.stripe_account_id,
  livemode: r.livemode,
  mode: r.mode,
  status: r.status,
  statusMessage: r.status_message,
  scope: r.scope,
  accountName: r.account_name,
  rateBudget: r.rate_budget,
  connectedAt: r.connected_at,
  disconnectedAt: r.disconnected_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ConnectInput {
  projectId: string;
  stripeAccountId: string;
  livemode: boolean;
  mode: ConnectionMode;
  credentials: StripeCredentials;
  scope?: string | null;
  accountName?: string | null;
}

export interface ConnectionStore {
  /**
   * Creates the connection, or revives the existing one for (project, account, livemode) with new
   * credentials: reconnecting keeps the connection id, so workflows and data stay attached.
   */
  upsert(input: ConnectInput): Promise<{ connection: StripeConnection; created: boolean }>;
  get(id: string): Promise<StripeConnection>;
  find(id: string): Promise<StripeConnection | undefined>;
  listByProject(projectId: string): Promise<StripeConnection[]>;
  /** Connections of every project for one Stripe account and mode (webhook routing). */
  listByAccount(stripeAccountId: string, livemode: boolean): Promise<StripeConnection[]>;
  credentials(id: string): Promise<StripeCredentials>;
  setStatus(id: string, status: ConnectionStatus, message?: string | null): Promise<void>;
  setRateBudget(id: string, budget: RateBudget | null): Promise<void>;
}

export function createConnectionStore(db: Knex, encryptor: Encryptor): ConnectionStore {
  const seal = (c: StripeCredentials) => encryptor.encrypt(JSON.stringify(c));

  const store: ConnectionStore = {
    async upsert(input) {
      const id = newId('conn');
      const { rows } = await db.raw<{ rows: (ConnectionRow & { inserted: boolean })[] }>(
        `INSERT INTO ${TABLE} (id, project_id, stripe_account_id, livemode, mode, status, credentials, scope, account_name)
         VALUES (?, ?, ?, ?, ?, 'syncing', ?, ?, ?)
         ON CONFLICT (project_id, stripe_account_id, livemode) DO UPDATE SET
           mode = EXCLUDED.mode, credentials = EXCLUDED.credentials, scope = EXCLUDED.scope,
           account_name = COALESCE(EXCLUDED.account_name, ${TABLE}.account_name),
           status = 'syncing', status_message = NULL, connected_at = now(), disconnected_at = NULL, updated_at = now()
         RETURNING *, (xmax = 0) AS inserted`,
        [id, input.projectId, input.stripeAccountId, input.livemode, input.mode, seal(input.credentials),
          input.scope ?? null, input.accountName ?? null],
      );
      const row = rows[0]!;
      return { connection: toConnection(row), created: row.inserted };
    },
    async find(id) {
      const row = await db(TABLE).where({ id }).first();
      return row ? toConnection(row) : undefined;
    },
    async get(id) {
      const c = await store.find(id);
      if (!c) throw notFound(`connection ${id}`);
      return c;
    },
    async listByProject(projectId) {
      return (await db(TABLE).where({ project_id: projectId }).orderBy('created_at', 'asc')).map(toConnection);
    },
    async listByAccount(stripeAccountId, livemode) {
      return (await db(TABLE).where({ stripe_account_id: stripeAccountId, livemode })).map(toConnection);
    },
    async credentials(id) {
      const row = await db(TABLE).where({ id }).first('credentials');
      if (!row) throw notFound(`connection ${id}`);
      return JSON.parse(encryptor.decrypt(row.credentials)) as StripeCredentials;
    },
    async setStatus(id, status, message = null) {
      await db(TABLE).where({ id }).update({
        status,
        status_message: message,
        updated_at: db.fn.now(),
        ...(status === 'disconnected' ? { disconnected_at: db.fn.now() } : {}),
      });
    },
    async setRateBudget(id, budget) {
      await db(TABLE).where({ id }).update({ rate_budget: budget ? JSON.stringify(budget) : null, updated_at: db.fn.now() });
    },
  };
  return store;
}
