import type { Knex } from 'knex';

/** One connection of one project: identity is per project, Stripe objects per connection. */
export interface ConnectionScope {
  projectId: string;
  connectionId: string;
}

/** Tables of Stripe objects attached to a profile through their customer's link. */
const CUSTOMER_OBJECT_TABLES = ['stripe_subscriptions', 'stripe_charges'] as const;

/**
 * The owner of the `profile_id` of mirrored subscriptions and charges (the mirror store owns the
 * rest of those rows): the profile its customer's link names, or for a charge without a customer
 * the profile of its email.
 */
export interface ProfileObjectsStore {
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
}

export function createProfileObjectsStore(db: Knex): ProfileObjectsStore {
  async function attachGuestCharges(scope: ConnectionScope, filter: { emailKeys: string[] } | { chargeIds: string[] } | 'all') {
    const where = filter === 'all' ? '' : 'emailKeys' in filter ? 'AND c.email_key = ANY(?)' : 'AND c.id = ANY(?)';
    const bindings = filter === 'all' ? [] : ['emailKeys' in filter ? filter.emailKeys : filter.chargeIds];
    await db.raw(
      `UPDATE stripe_charges c SET profile_id = p.id FROM profiles p
        WHERE c.connection_id = ? AND c.customer_id IS NULL AND c.profile_id IS NULL AND c.email_key IS NOT NULL
          AND p.project_id = ? AND p.email_key = c.email_key ${where}`,
      [scope.connectionId, scope.projectId, ...bindings],
    );
  }

  return {
    async relinkCustomerObjects(connectionId, customerIds) {
      if (customerIds.length === 0) return;
      for (const table of CUSTOMER_OBJECT_TABLES) {
        await db.raw(
          `UPDATE ${table} o SET profile_id = l.profile_id
             FROM (SELECT o2.id, l2.profile_id FROM ${table} o2
                     LEFT JOIN stripe_customer_links l2 ON l2.connection_id = o2.connection_id AND l2.stripe_customer_id = o2.customer_id
                    WHERE o2.connection_id = ? AND o2.customer_id = ANY(?)) l
            WHERE o.connection_id = ? AND o.id = l.id AND o.profile_id IS DISTINCT FROM l.profile_id`,
          [connectionId, customerIds, connectionId],
        );
      }
    },

    async attachCharges(scope, chargeIds) {
      if (chargeIds !== 'all' && chargeIds.length === 0) return;
      const only = chargeIds === 'all' ? '' : 'AND c.id = ANY(?)';
      await db.raw(
        `UPDATE stripe_charges c SET profile_id = l.profile_id FROM stripe_customer_links l
          WHERE c.connection_id = ? AND l.connection_id = c.connection_id AND l.stripe_customer_id = c.customer_id
            AND c.profile_id IS DISTINCT FROM l.profile_id ${only}`,
        [scope.connectionId, ...(chargeIds === 'all' ? [] : [chargeIds])],
      );
      await attachGuestCharges(scope, chargeIds === 'all' ? 'all' : { chargeIds });
    },

    async attachGuestChargesByEmail(scope, emailKeys) {
      if (emailKeys.length) await attachGuestCharges(scope, { emailKeys });
    },

    async moveToProfile(sourceProfileId, targetProfileId) {
      for (const table of CUSTOMER_OBJECT_TABLES) await db(table).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },

    async countUnmatchedCharges(connectionId) {
      const row = await db('stripe_charges').where({ connection_id: connectionId }).whereNull('profile_id').count<{ n: number }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
