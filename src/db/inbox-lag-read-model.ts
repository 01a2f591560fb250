import type { Knex } from 'knex';

/** A connection's inbox backlog: events waiting, and how long the oldest has waited. */
export interface InboxLag {
  connectionId: string;
  events: number;
  seconds: number;
}

/** Each connection's backlog of pending inbox events, for the metrics (the open-events index serves it). */
export const createInboxLagReadModel = (db: Knex) => async (): Promise<InboxLag[]> => {
  const rows = await db('stripe_event_inbox')
    .where({ status: 'pending' })
    .groupBy('connection_id')
    .select<{ connection_id: string; events: string; seconds: string }[]>(
      'connection_id', db.raw('count(*) AS events'), db.raw('extract(epoch FROM now() - min(received_at)) AS seconds'),
    );
  return rows.map((r) => ({ connectionId: r.connection_id, events: Number(r.events), seconds: Number(r.seconds) }));
};
