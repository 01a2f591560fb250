import type { Knex } from 'knex';

/** Which profile a mirrored Stripe object belongs to now (after the identity rules ran). */
export interface ProfileOfObjectReadModel {
  ofCustomer(connectionId: string, customerId: string): Promise<string | null>;
  /** A charge's profile: its customer's, or for a charge without one the profile its email matched. */
  ofCharge(connectionId: string, chargeId: string): Promise<string | null>;
  /** Whether the mirror holds this customer (deleted or not). */
  hasCustomer(connectionId: string, customerId: string): Promise<boolean>;
}

export function createProfileOfObjectReadModel(db: Knex): ProfileOfObjectReadModel {
  return {
    async ofCustomer(connectionId, customerId) {
      const row = await db('stripe_customer_links').where({ connection_id: connectionId, stripe_customer_id: customerId })
        .first<{ profile_id: string } | undefined>('profile_id');
      return row?.profile_id ?? null;
    },
    async ofCharge(connectionId, chargeId) {
      const row = await db('stripe_charges').where({ connection_id: connectionId, id: chargeId }).first<{ profile_id: string | null } | undefined>('profile_id');
      return row?.profile_id ?? null;
    },
    async hasCustomer(connectionId, customerId) {
      return !!(await db('stripe_customers').where({ connection_id: connectionId, id: customerId }).first<{ id: string } | undefined>('id'));
    },
  };
}
