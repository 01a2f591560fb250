import type { Knex } from 'knex';

/** A subscription or charge as the mirror holds it; `data` is the whole Stripe object. */
export interface MirroredObject {
  connectionId: string;
  id: string;
  customerId: string | null;
  status: string;
  created: Date;
  data: Record<string, unknown>;
}

/** Whose objects: a profile across the project's connections, or one Stripe customer of one connection. */
export type BillingOwner = { projectId: string; profileId: string } | { connectionId: string; customerId: string };

/** Reads a customer's mirrored subscriptions and charges, newest first. Writes nothing. */
export interface CustomerBillingReadModel {
  subscriptionsOf(owner: BillingOwner): Promise<MirroredObject[]>;
  /** The newest `limit` charges, and how many there are in all. */
  chargesOf(owner: BillingOwner, limit: number): Promise<{ data: MirroredObject[]; total: number }>;
}

interface MirrorRow {
  connection_id: string; id: string; customer_id: string | null; status: string; stripe_created_at: Date; data: Record<string, unknown>;
}

const toMirrored = (r: MirrorRow): MirroredObject => ({
  connectionId: r.connection_id,
  id: r.id,
  customerId: r.customer_id,
  status: r.status,
  created: r.stripe_created_at,
  data: r.data,
});

export function createCustomerBillingReadModel(db: Knex): CustomerBillingReadModel {
  const owned = (table: 'stripe_subscriptions' | 'stripe_charges', owner: BillingOwner) => {
    const query = db(`${table} as o`);
    return 'profileId' in owner
      ? query.join('stripe_connections as c', 'c.id', 'o.connection_id').where({ 'c.project_id': owner.projectId, 'o.profile_id': owner.profileId })
      : query.where({ 'o.connection_id': owner.connectionId, 'o.customer_id': owner.customerId });
  };
  const newest = (table: 'stripe_subscriptions' | 'stripe_charges', owner: BillingOwner) =>
    owned(table, owner)
      .select<MirrorRow[]>('o.connection_id', 'o.id', 'o.customer_id', 'o.status', 'o.stripe_created_at', 'o.data')
      .orderBy([{ column: 'o.stripe_created_at', order: 'desc' }, { column: 'o.id', order: 'desc' }]);

  return {
    async subscriptionsOf(owner) {
      return (await newest('stripe_subscriptions', owner)).map(toMirrored);
    },
    async chargesOf(owner, limit) {
      const [rows, count] = await Promise.all([
        newest('stripe_charges', owner).limit(limit),
        owned('stripe_charges', owner).count<{ n: string }[]>({ n: '*' }).first(),
      ]);
      return { data: rows.map(toMirrored), total: Number(count?.n ?? 0) };
    },
  };
}
