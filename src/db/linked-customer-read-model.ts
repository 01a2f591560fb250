import type { Knex } from 'knex';

/** A Stripe customer of a connection that is linked to a profile. */
export interface LinkedCustomer {
  customerId: string;
  profileId: string;
  email: string | null;
  name: string | null;
}

/** Reads a connection's Stripe customers that have a profile (deleted ones left out). Writes nothing. */
export interface LinkedCustomerReadModel {
  /** Up to `limit` of them, by email (customers without one last). */
  list(connectionId: string, limit: number): Promise<LinkedCustomer[]>;
  find(connectionId: string, customerId: string): Promise<LinkedCustomer | undefined>;
  /** Any one of them, chosen at random. */
  random(connectionId: string): Promise<LinkedCustomer | undefined>;
  /** The Stripe customers linked to a profile, of every connection. */
  ofProfile(profileId: string): Promise<{ connectionId: string; customerId: string }[]>;
}

interface LinkedRow { customer_id: string; profile_id: string; email: string | null; name: string | null }

const toLinked = (r: LinkedRow): LinkedCustomer => ({ customerId: r.customer_id, profileId: r.profile_id, email: r.email, name: r.name });

export function createLinkedCustomerReadModel(db: Knex): LinkedCustomerReadModel {
  const linked = (connectionId: string) =>
    db('stripe_customer_links as l')
      .join('stripe_customers as c', function () {
        this.on('c.connection_id', 'l.connection_id').andOn('c.id', 'l.stripe_customer_id');
      })
      .where({ 'l.connection_id': connectionId, 'c.deleted': false })
      .select<LinkedRow[]>('l.stripe_customer_id as customer_id', 'l.profile_id', 'c.email', db.raw(`c.data->>'name' AS name`));

  return {
    async list(connectionId, limit) {
      const rows = await linked(connectionId).orderByRaw('c.email_key ASC NULLS LAST, l.stripe_customer_id').limit(limit);
      return rows.map(toLinked);
    },
    async find(connectionId, customerId) {
      const [row] = await linked(connectionId).where('l.stripe_customer_id', customerId).limit(1);
      return row && toLinked(row);
    },
    async ofProfile(profileId) {
      const rows: { connection_id: string; stripe_customer_id: string }[] = await db('stripe_customer_links').where({ profile_id: profileId })
        .orderBy(['connection_id', 'stripe_customer_id']).select('connection_id', 'stripe_customer_id');
      return rows.map((r) => ({ connectionId: r.connection_id, customerId: r.stripe_customer_id }));
    },
    async random(connectionId) {
      const [row] = await linked(connectionId).orderByRaw('random()').limit(1);
      return row && toLinked(row);
    },
  };
}
