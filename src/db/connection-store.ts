import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import {
  CONNECTION_MOVES,
  isAllowedMove,
  type ConnectionCause,
  type ConnectionMode,
  type ConnectionStatus,
  type DisconnectOrigin,
  type RateBudget,
  type StripeConnection,
  type StripeCredentials,
} from '../domain/connection';
import { DEFAULT_DRIFT_CHECK_EVERY_HOURS } from '../domain/drift';
import type { Encryptor } from '../security/encryption';

const TABLE = 'stripe_connections';

interface ConnectionRow {
  id: string; project_id: string; stripe_account_id: string; livemode: boolean; mode: ConnectionMode;
  status: ConnectionStatus; status_message: string | null; credentials: string; scope: string | null;
  account_name: string | null; rate_budget: RateBudget | null; connected_at: Date; disconnected_at: Date | null;
  created_at: Date; updated_at: Date; webhooks_rejected: string | number; events_watermark: Date | null; timeline_history: boolean;
  webhook_endpoint_id: string | null; webhook_secret: string | null; disconnected_by: DisconnectOrigin | null; drift_check_every_hours: number;
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
  disconnectedBy: r.disconnected_by ?? null,
  webhooksRejected: Number(r.webhooks_rejected ?? 0),
  eventsWatermark: r.events_watermark ?? null,
  timelineHistory: r.timeline_history ?? false,
  webhookEndpointId: r.webhook_endpoint_id ?? null,
  driftCheckEveryHours: r.drift_check_every_hours ?? DEFAULT_DRIFT_CHECK_EVERY_HOURS,
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
  /**
   * Replaces the credentials after a token refresh, only while they still hold `spent` (the
   * refresh token just used): a reinstall meanwhile keeps its own. Returns whether they were replaced.
   */
  rotateCredentials(id: string, spent: string, next: StripeCredentials): Promise<boolean>;
  /**
   * The only writer of a connection's status: moves it to `to` only while it is one of `from`
   * (each pair allowed by the status machine), in one conditional update, so concurrent writers
   * cannot undo each other. `status` is the status after the call, moved or not.
   */
  transition(id: string, from: readonly ConnectionStatus[], to: ConnectionStatus, message?: string | null): Promise<StatusTransition>;
  /** `transition` with the move the status machine names for this cause. */
  move(id: string, cause: ConnectionCause, message?: string | null): Promise<StatusTransition>;
  /**
   * The `disconnected` move, recording who made it, and the Stripe credentials wiped in the same
   * transaction (again when it was disconnected already). The webhook signing secret is kept, so
   * deliveries that arrive late still verify and are kept as ignored. With `grantConnectedAt`, only
   * that grant is disconnected: one made later (a reconnect meanwhile) is left as it is
   * (`superseded`).
   */
  disconnect(id: string, how: DisconnectHow): Promise<StatusTransition & { superseded: boolean }>;
  setRateBudget(id: string, budget: RateBudget | null): Promise<void>;
  /** The webhook endpoint an API-key connection manages in its Stripe account; its secret is stored encrypted. */
  setWebhookEndpoint(id: string, endpoint: ManagedWebhookEndpoint): Promise<void>;
  webhookEndpoint(id: string): Promise<ManagedWebhookEndpoint | null>;
  /** The secrets a webhook to this connection's own endpoint may be signed with (none without one). */
  webhookSecrets(id: string): Promise<string[]>;
  /** The connection and its endpoint's secrets in one read: a webhook's answer waits on it. */
  findWebhookRecipient(id: string): Promise<{ connection: StripeConnection; webhookSecrets: string[] } | undefined>;
  /** Counts a delivery to the connection's own endpoint that failed verification. */
  countRejectedWebhook(id: string): Promise<void>;
  /** Whether the connection fills its customers' timelines with their past (off by default). */
  setTimelineHistory(id: string, on: boolean): Promise<void>;
  /** How often the drift check runs (0: never). */
  setDriftCheckEveryHours(id: string, hours: number): Promise<void>;
  /** Moves the events watermark forward (never back): events created before it are known to be in the inbox. */
  advanceEventsWatermark(id: string, to: Date): Promise<void>;
}

export interface DisconnectHow {
  by: DisconnectOrigin;
  message?: string | null;
  /** the grant being disconnected, by when it was made (`connectedAt`) */
  grantConnectedAt?: Date;
}

export interface ManagedWebhookEndpoint {
  endpointId: string;
  secret: string;
}

export interface StatusTransition {
  moved: boolean;
  status: ConnectionStatus;
}

export function createConnectionStore(db: Knex, encryptor: Encryptor): ConnectionStore {
  const seal = (c: StripeCredentials) => encryptor.encrypt(JSON.stringify(c));
  const endpointOf = (row: Pick<ConnectionRow, 'webhook_endpoint_id' | 'webhook_secret'>): ManagedWebhookEndpoint | null =>
    row.webhook_endpoint_id && row.webhook_secret ? { endpointId: row.webhook_endpoint_id, secret: encryptor.decrypt(row.webhook_secret) } : null;

  const store: ConnectionStore = {
    async upsert(input) {
      return db.transaction(async (trx) => {
        const { rows } = await trx.raw<{ rows: (ConnectionRow & { inserted: boolean })[] }>(
          `INSERT INTO ${TABLE} (id, project_id, stripe_account_id, livemode, mode, status, credentials, scope, account_name, events_watermark)
           VALUES (?, ?, ?, ?, ?, 'syncing', ?, ?, ?, now())
           ON CONFLICT (project_id, stripe_account_id, livemode) DO UPDATE SET
             mode = EXCLUDED.mode, credentials = EXCLUDED.credentials, scope = EXCLUDED.scope,
             account_name = COALESCE(EXCLUDED.account_name, ${TABLE}.account_name),
             connected_at = now(), updated_at = now()
           RETURNING *, (xmax = 0) AS inserted`,
          [newId('conn'), input.projectId, input.stripeAccountId, input.livemode, input.mode, seal(input.credentials),
            input.scope ?? null, input.accountName ?? null],
        );
        const row = rows[0]!;
        if (row.inserted) return { connection: toConnection(row), created: true };
        const bound = createConnectionStore(trx, encryptor);
        await bound.move(row.id, 'reconnected');
        return { connection: await bound.get(row.id), created: false };
      });
    },
    async find(id) {
      const row = await db<ConnectionRow>(TABLE).where({ id }).first();
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
      const row = await db<ConnectionRow>(TABLE).where({ id }).first('credentials');
      if (!row) throw notFound(`connection ${id}`);
      return JSON.parse(encryptor.decrypt(row.credentials)) as StripeCredentials;
    },
    async rotateCredentials(id, spent, next) {
      return db.transaction(async (trx) => {
        const row = await trx<ConnectionRow>(TABLE).where({ id }).forUpdate().first('credentials');
        if (!row) throw notFound(`connection ${id}`);
        const stored = JSON.parse(encryptor.decrypt(row.credentials)) as StripeCredentials;
        if (stored.refreshToken !== spent) return false;
        await trx(TABLE).where({ id }).update({ credentials: seal(next), updated_at: trx.fn.now() });
        return true;
      });
    },
    async transition(id, from, to, message = null) {
      const refused = from.filter((f) => !isAllowedMove(f, to));
      if (refused.length) throw new Error(`the connection status machine has no move ${refused.join('|')} → ${to}`);
      const [moved] = await db<ConnectionRow>(TABLE).where({ id }).whereIn('status', [...from]).update({
        status: to,
        status_message: message,
        // when and by whom it was disconnected are kept only while it is
        disconnected_at: to === 'disconnected' ? db.fn.now() : null,
        ...(to === 'disconnected' ? {} : { disconnected_by: null }),
        updated_at: db.fn.now(),
      }, ['status']);
      if (moved) return { moved: true, status: to };
      return { moved: false, status: (await store.get(id)).status };
    },
    async move(id, cause, message) {
      const { from, to } = CONNECTION_MOVES[cause];
      return store.transition(id, from, to, message);
    },
    async disconnect(id, { by, message, grantConnectedAt }) {
      return db.transaction(async (trx) => {
        const row = await trx<ConnectionRow>(TABLE).where({ id }).forUpdate().first('connected_at', 'status');
        if (!row) throw notFound(`connection ${id}`);
        if (grantConnectedAt && row.connected_at.getTime() > grantConnectedAt.getTime()) return { moved: false, status: row.status, superseded: true };
        const bound = createConnectionStore(trx, encryptor);
        const moved = await bound.move(id, 'disconnected', message);
        await trx(TABLE).where({ id }).update({
          credentials: seal({}),
          ...(moved.moved ? { disconnected_by: by } : {}),
          updated_at: trx.fn.now(),
        });
        return { ...moved, superseded: false };
      });
    },
    async setRateBudget(id, budget) {
      await db(TABLE).where({ id }).update({ rate_budget: budget ? JSON.stringify(budget) : null, updated_at: db.fn.now() });
    },
    async setWebhookEndpoint(id, { endpointId, secret }) {
      await db(TABLE).where({ id }).update({ webhook_endpoint_id: endpointId, webhook_secret: encryptor.encrypt(secret), updated_at: db.fn.now() });
    },
    async webhookEndpoint(id) {
      const row = await db<ConnectionRow>(TABLE).where({ id }).first('webhook_endpoint_id', 'webhook_secret');
      return row ? endpointOf(row) : null;
    },
    async setTimelineHistory(id, on) {
      await db(TABLE).where({ id }).update({ timeline_history: on, updated_at: db.fn.now() });
    },
    async setDriftCheckEveryHours(id, hours) {
      await db(TABLE).where({ id }).update({ drift_check_every_hours: hours, updated_at: db.fn.now() });
    },
    async advanceEventsWatermark(id, to) {
      await db(TABLE).where({ id }).where((q) => { q.whereNull('events_watermark').orWhere('events_watermark', '<', to); })
        .update({ events_watermark: to });
    },
    async countRejectedWebhook(id) {
      await db(TABLE).where({ id }).increment('webhooks_rejected', 1);
    },
    async webhookSecrets(id) {
      return (await store.findWebhookRecipient(id))?.webhookSecrets ?? [];
    },
    async findWebhookRecipient(id) {
      const row = await db<ConnectionRow>(TABLE).where({ id }).first();
      if (!row) return undefined;
      const endpoint = endpointOf(row);
      return { connection: toConnection(row), webhookSecrets: endpoint ? [endpoint.secret] : [] };
    },
  };
  return store;
}
