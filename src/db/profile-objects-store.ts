import type { Knex } from 'knex';
import type { ProfileOwnedRows } from './profile-owned-rows';

/** One connection of one project: identity is per project, Stripe objects per connection. */
export interface ConnectionScope {
  projectId: string;
  connectionId: string;
}

/** Tables of Stripe objects attached to a profile through their customer's link. */
const CUSTOMER_OBJECT_TABLES = ['stripe_subscriptions', 'stripe_charges'] as const;

/**
 * The profile an object's customer is linked to (null when unlinked), for an UPDATE of `o`. Each
 * statement below updates one table with this looked up per row through the link's primary key,
 * so it costs what the page holds, never what the connection has: joins left to the planner
 * scanned every link or charge of the connection when, mid-sync, its statistics still described
 * nearly empty tables.
 */
const LINKED_PROFILE = `(SELECT l.profile_id FROM stripe_customer_links l
                          WHERE l.connection_id = o.connection_id AND l.stripe_customer_id = o.customer_id)`;

/**
 * The owner of the `profile_id` of mirrored subscriptions and charges (the mirror store owns the
 * rest of those rows): the profile its customer's link names, or for a charge without a customer
 * the profile of its email.
 */
export interface ProfileObjectsStore extends ProfileOwnedRows {
  /** Points the customers' subscriptions and charges at the profile their link names (or none). */
  relinkCustomerObjects(connectionId: string, customerIds: string[]): Promise<void>;
  /** Attaches charges: through their customer's link, or by email when they have no customer. */
  attachCharges(scope: ConnectionScope, chargeIds: string[] | 'all'): Promise<void>;
  /** Attaches unmatched charges without a customer whose email is one of these keys. */
  attachGuestChargesByEmail(scope: ConnectionScope, emailKeys: string[]): Promise<void>;
  /** Charges of the connection that belong to no profile. */
  countUnmatchedCharges(connectionId: string): Promise<number>;
  /** Moves a profile's subscriptions and charges to another profile (two profiles merged). */
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  /** The profiles the connection's subscriptions and charges belong to. */
  profilesOfConnection(connectionId: string): Promise<string[]>;
}

/** Points objects of `table` (alias `o`) at the profile their customer's link names, where it differs. */
const relinkSql = (table: string, where: string) =>
  `UPDATE ${table} o SET profile_id = ${LINKED_PROFILE}
    WHERE o.connection_id = ? AND ${where} AND o.profile_id IS DISTINCT FROM ${LINKED_PROFILE}`;

/** Charges without a customer (alias `c`) take the profile of their email, when one has it. */
const guestSql = (where: string) =>
  `UPDATE stripe_charges c SET profile_id = p.id FROM profiles p
    WHERE c.connection_id = ? AND c.customer_id IS NULL AND c.profile_id IS NULL AND c.email_key IS NOT NULL
      AND p.project_id = ? AND p.email_key = c.email_key ${where}`;

export function createProfileObjectsStore(db: Knex): ProfileObjectsStore {
  async function attachGuestCharges(scope: ConnectionScope, filter: { emailKeys: string[] } | 'all') {
    const where = filter === 'all' ? '' : 'AND c.email_key = ANY(?)';
    await db.raw(guestSql(where), [scope.connectionId, scope.projectId, ...(filter === 'all' ? [] : [filter.emailKeys])]);
  }

  // Statements of a page's transaction are few and combined (the rows they touch are disjoint):
  // the transaction holds the project's lock, and every round trip to the database lengthens it.
  return {
    async relinkCustomerObjects(connectionId, customerIds) {
      if (customerIds.length === 0) return;
      const [subscriptions, charges] = CUSTOMER_OBJECT_TABLES.map((t) => relinkSql(t, 'o.customer_id = ANY(?)'));
      await db.raw(`WITH subscriptions AS (${subscriptions} RETURNING 1) ${charges}`, [connectionId, customerIds, connectionId, customerIds]);
    },

    async attachCharges(scope, chargeIds) {
      if (chargeIds !== 'all' && chargeIds.length === 0) return;
      if (chargeIds === 'all') {
        await db.raw(relinkSql('stripe_charges', `o.customer_id IS NOT NULL AND ${LINKED_PROFILE} IS NOT NULL`), [scope.connectionId]);
        await attachGuestCharges(scope, 'all');
        return;
      }
      const linked = relinkSql('stripe_charges', `o.id = ANY(?) AND o.customer_id IS NOT NULL AND ${LINKED_PROFILE} IS NOT NULL`);
      await db.raw(`WITH linked AS (${linked} RETURNING 1) ${guestSql('AND c.id = ANY(?)')}`, [
        scope.connectionId, chargeIds, scope.connectionId, scope.projectId, chargeIds,
      ]);
    },

    async attachGuestChargesByEmail(scope, emailKeys) {
      if (emailKeys.length) await attachGuestCharges(scope, { emailKeys });
    },

    async moveToProfile(sourceProfileId, targetProfileId) {
      for (const table of CUSTOMER_OBJECT_TABLES) await db(table).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },

    async profilesOfConnection(connectionId) {
      const { rows } = await db.raw<{ rows: { profile_id: string }[] }>(
        `SELECT profile_id FROM stripe_subscriptions WHERE connection_id = ? AND profile_id IS NOT NULL
         UNION SELECT profile_id FROM stripe_charges WHERE connection_id = ? AND profile_id IS NOT NULL`,
        [connectionId, connectionId],
      );
      return rows.map((r) => r.profile_id);
    },

    /** Another connection's subscriptions or charges keep a profile. */
    async profilesKeptBy(profileIds) {
      if (profileIds.length === 0) return [];
      const { rows } = await db.raw<{ rows: { profile_id: string }[] }>(
        `SELECT profile_id FROM stripe_subscriptions WHERE profile_id = ANY(?) UNION SELECT profile_id FROM stripe_charges WHERE profile_id = ANY(?)`,
        [profileIds, profileIds],
      );
      return rows.map((r) => r.profile_id);
    },

    async countUnmatchedCharges(connectionId) {
      const row = await db('stripe_charges').where({ connection_id: connectionId }).whereNull('profile_id').count<{ n: number }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
