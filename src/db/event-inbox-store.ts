import type { Knex } from 'knex';
import type { StripeEventEnvelope } from '../domain/stripe-events';

const INBOX = 'stripe_event_inbox';
const UNROUTED = 'stripe_unrouted_events';
const CURSORS = 'stripe_inbox_cursors';

export type InboxStatus = 'pending' | 'processed' | 'ignored' | 'dead';
export type InboxVia = 'webhook' | 'poll';

export interface InboxEvent {
  connectionId: string;
  seq: number;
  stripeEventId: string;
  type: string;
  apiVersion: string | null;
  eventCreated: Date;
  payload: StripeEventEnvelope;
  via: InboxVia;
  status: InboxStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
}

interface InboxRow {
  connection_id: string; seq: string; stripe_event_id: string; type: string; api_version: string | null; event_created: Date;
  payload: StripeEventEnvelope; via: InboxVia; status: InboxStatus; attempts: number; last_error: string | null; received_at: Date;
}

const toInboxEvent = (r: InboxRow): InboxEvent => ({
  connectionId: r.connection_id,
  seq: Number(r.seq),
  stripeEventId: r.stripe_event_id,
  type: r.type,
  apiVersion: r.api_version,
  eventCreated: r.event_created,
  payload: r.payload,
  via: r.via,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  receivedAt: r.received_at,
});

export interface Received {
  connectionId: string;
  /** the event's sequence number in the connection's inbox (the first one, for a duplicate) */
  seq: number;
  duplicate: boolean;
}

export interface InboxCounts {
  received: number;
  ignored: number;
  dead: number;
  pending: number;
  /** when the newest event received was created in Stripe */
  lastEventAt: Date | null;
}

/** The one owner of the event inbox, its per-connection cursors and the unrouted events. */
export interface EventInboxStore {
  /**
   * Stores the event for the connection, once per Stripe event id, numbered by the connection's
   * next sequence number. `ignore` stores it as ignored (a disconnected connection, a type the
   * product does not use): kept, never processed. Sequence numbers are handed out under the
   * connection's row lock held until commit, so they commit in order: a reader that has seen seq
   * N never later finds a smaller one appear.
   */
  receive(connectionId: string, event: StripeEventEnvelope, via: InboxVia, ignore: boolean): Promise<Received>;
  /** An event no connection wants (an account nobody connected), kept for inspection; once per id. */
  keepUnrouted(event: StripeEventEnvelope): Promise<void>;
  /** The next pending events after `afterSeq`, in order. */
  pendingAfter(connectionId: string, afterSeq: number, limit: number): Promise<InboxEvent[]>;
  latestSeq(connectionId: string): Promise<number>;
  /** Marks events done (one, or several by their sequence numbers); only a pending event changes. */
  settle(connectionId: string, seq: number | readonly number[], status: 'processed' | 'ignored'): Promise<void>;
  /** Counts a failed attempt and keeps its error; at `deadAfter` attempts the event is dead. Returns the attempts so far. */
  recordFailure(connectionId: string, seq: number, error: string, deadAfter: number): Promise<{ attempts: number; dead: boolean }>;
  /** What the account workflow has processed up to; the sweeper compares it with the newest seq. */
  setProcessedSeq(connectionId: string, seq: number): Promise<void>;
  /** Connections whose inbox is ahead of what their workflow processed, with their newest seq. */
  behind(limit: number): Promise<{ connectionId: string; seq: number }[]>;
  countsFor(connectionIds: string[]): Promise<Map<string, InboxCounts>>;
  listDead(connectionId: string): Promise<InboxEvent[]>;
  /**
   * Puts a dead event back in line, at the end (a new sequence number, so the workflow's cursor
   * reaches it), with its attempts reset. Returns the new number, or null when it is not dead.
   */
  retryDead(connectionId: string, stripeEventId: string): Promise<number | null>;
  /**
   * Puts back in line, after the waiting ones, the events of these types that were kept as ignored
   * (what arrived while the connection was disconnected): a reconnect replays them. Returns the
   * newest number, or null when there was none.
   */
  requeueIgnored(connectionId: string, types: readonly string[]): Promise<number | null>;
  /**
   * Settles every event still waiting as ignored and marks the inbox processed to its newest
   * number: what a disconnect does, so that nothing is left for a workflow to wake up for (a
   * reconnect replays them with `requeueIgnored`). Returns how many were waiting.
   */
  ignorePending(connectionId: string): Promise<number>;
  /** Sets a dead event aside for good, as ignored. Returns whether it was dead. */
  skipDead(connectionId: string, stripeEventId: string): Promise<boolean>;
  get(connectionId: string, seq: number): Promise<InboxEvent | undefined>;
}

export function createEventInboxStore(db: Knex): EventInboxStore {
  return {
    async receive(connectionId, event, via, ignore) {
      // One statement, so the cursor's row lock, which orders this connection's writers, is held
      // for one round trip: the cursor moves on and the event takes that number, unless the event
      // is there already. A duplicate racing in (two deliveries at once) meets the unique key.
      const existing = async () => {
        const row = await db(INBOX).where({ connection_id: connectionId, stripe_event_id: event.id }).first<{ seq: string } | undefined>('seq');
        return row ? { connectionId, seq: Number(row.seq), duplicate: true } : undefined;
      };
      try {
        const { rows } = await db.raw<{ rows: { seq: string }[] }>(
          `WITH cursor AS (
             INSERT INTO ${CURSORS} AS c (connection_id, last_seq) VALUES (:connectionId, 1)
             ON CONFLICT (connection_id) DO UPDATE SET last_seq = c.last_seq + 1
             WHERE NOT EXISTS (SELECT 1 FROM ${INBOX} WHERE connection_id = :connectionId AND stripe_event_id = :eventId)
             RETURNING last_seq
           )
           INSERT INTO ${INBOX} (connection_id, seq, stripe_event_id, type, api_version, event_created, payload, via, status, processed_at)
           SELECT :connectionId, last_seq, :eventId, :type, :apiVersion, :created, :payload::jsonb, :via, :status,
                  CASE WHEN :ignore THEN now() END
           FROM cursor
           RETURNING seq`,
          {
            connectionId, eventId: event.id, type: event.type, apiVersion: event.api_version ?? null, created: new Date(event.created * 1000),
            payload: JSON.stringify(event), via, status: ignore ? 'ignored' : 'pending', ignore,
          },
        );
        if (rows[0]) return { connectionId, seq: Number(rows[0].seq), duplicate: false };
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
      }
      return (await existing())!;
    },

    async keepUnrouted(event) {
      await db(UNROUTED)
        .insert({ stripe_event_id: event.id, account: event.account ?? null, livemode: event.livemode, type: event.type, payload: JSON.stringify(event) })
        .onConflict('stripe_event_id').ignore();
    },

    async pendingAfter(connectionId, afterSeq, limit) {
      const rows = await db(INBOX)
        .where({ connection_id: connectionId, status: 'pending' }).where('seq', '>', afterSeq).orderBy('seq').limit(limit)
        .select<InboxRow[]>('*');
      return rows.map(toInboxEvent);
    },

    async latestSeq(connectionId) {
      const row = await db(CURSORS).where({ connection_id: connectionId }).first<{ last_seq: string } | undefined>('last_seq');
      return Number(row?.last_seq ?? 0);
    },

    async settle(connectionId, seq, status) {
      await db(INBOX).where({ connection_id: connectionId, status: 'pending' }).whereIn('seq', typeof seq === 'number' ? [seq] : seq)
        .update({ status, processed_at: db.fn.now(), last_error: null });
    },

    async recordFailure(connectionId, seq, error, deadAfter) {
      const [row] = await db(INBOX).where({ connection_id: connectionId, seq, status: 'pending' })
        .update({
          attempts: db.raw('attempts + 1'),
          last_error: error.slice(0, 2_000),
          status: db.raw(`CASE WHEN attempts + 1 >= ? THEN 'dead' ELSE 'pending' END`, [deadAfter]),
        }, ['attempts', 'status']) as { attempts: number; status: InboxStatus }[];
      return { attempts: row?.attempts ?? 0, dead: row?.status === 'dead' };
    },

    async setProcessedSeq(connectionId, seq) {
      await db(CURSORS).where({ connection_id: connectionId }).where('processed_seq', '<', seq).update({ processed_seq: seq });
    },

    async behind(limit) {
      const rows = await db(CURSORS).whereRaw('last_seq > processed_seq').orderBy('connection_id').limit(limit)
        .select<{ connection_id: string; last_seq: string }[]>('connection_id', 'last_seq');
      return rows.map((r) => ({ connectionId: r.connection_id, seq: Number(r.last_seq) }));
    },

    async countsFor(connectionIds) {
      const counts = new Map<string, InboxCounts>(connectionIds.map((id) => [id, { received: 0, ignored: 0, dead: 0, pending: 0, lastEventAt: null }]));
      if (connectionIds.length === 0) return counts;
      const rows = await db(INBOX).whereIn('connection_id', connectionIds).groupBy('connection_id', 'status')
        .select<{ connection_id: string; status: InboxStatus; n: string; last: Date }[]>('connection_id', 'status', db.raw('count(*) AS n'), db.raw('max(event_created) AS last'));
      for (const r of rows) {
        const c = counts.get(r.connection_id)!;
        c.received += Number(r.n);
        if (r.status !== 'processed') c[r.status] += Number(r.n);
        if (!c.lastEventAt || r.last > c.lastEventAt) c.lastEventAt = r.last;
      }
      return counts;
    },

    async listDead(connectionId) {
      return (await db(INBOX).where({ connection_id: connectionId, status: 'dead' }).orderBy('seq').select<InboxRow[]>('*')).map(toInboxEvent);
    },

    async retryDead(connectionId, stripeEventId) {
      return db.transaction(async (trx) => {
        const cursor = await trx(CURSORS).where({ connection_id: connectionId }).forUpdate().first<{ last_seq: string } | undefined>('last_seq');
        if (!cursor) return null;
        const seq = Number(cursor.last_seq) + 1;
        const moved = await trx(INBOX).where({ connection_id: connectionId, stripe_event_id: stripeEventId, status: 'dead' })
          .update({ seq, status: 'pending', attempts: 0 });
        if (!moved) return null;
        await trx(CURSORS).where({ connection_id: connectionId }).update({ last_seq: seq });
        return seq;
      });
    },

    async requeueIgnored(connectionId, types) {
      return db.transaction(async (trx) => {
        const cursor = await trx(CURSORS).where({ connection_id: connectionId }).forUpdate().first<{ last_seq: string } | undefined>('last_seq');
        if (!cursor) return null;
        const kept = await trx(INBOX).where({ connection_id: connectionId, status: 'ignored' }).whereIn('type', [...types])
          .orderBy('seq').pluck<string[]>('stripe_event_id');
        if (kept.length === 0) return null;
        let seq = Number(cursor.last_seq);
        // One by one, in their order, each after the last number handed out.
        for (const stripeEventId of kept) {
          seq++;
          await trx(INBOX).where({ connection_id: connectionId, stripe_event_id: stripeEventId }).update({ seq, status: 'pending', processed_at: null });
        }
        await trx(CURSORS).where({ connection_id: connectionId }).update({ last_seq: seq });
        return seq;
      });
    },

    async ignorePending(connectionId) {
      return db.transaction(async (trx) => {
        const cursor = await trx(CURSORS).where({ connection_id: connectionId }).forUpdate().first<{ last_seq: string } | undefined>('last_seq');
        if (!cursor) return 0;
        const ignored = await trx(INBOX).where({ connection_id: connectionId, status: 'pending' }).update({ status: 'ignored', processed_at: trx.fn.now() });
        await trx(CURSORS).where({ connection_id: connectionId }).update({ processed_seq: cursor.last_seq });
        return ignored;
      });
    },

    async skipDead(connectionId, stripeEventId) {
      const skipped = await db(INBOX).where({ connection_id: connectionId, stripe_event_id: stripeEventId, status: 'dead' })
        .update({ status: 'ignored', processed_at: db.fn.now() });
      return skipped > 0;
    },

    async get(connectionId, seq) {
      const row = await db(INBOX).where({ connection_id: connectionId, seq }).first<InboxRow | undefined>();
      return row ? toInboxEvent(row) : undefined;
    },
  };
}
