import type { Knex } from 'knex';

/**
 * Disconnecting: a connection remembers who disconnected it (Stripe, by deauthorizing the app, or
 * the product's Disconnect), and a profile whether only the Stripe sync ever wrote it, so a purge
 * of the Stripe data can remove the profiles that would be left empty. Profiles created before this
 * count as Stripe-only when a Stripe customer is linked to them and they have no trait of their own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE stripe_connections
      ADD COLUMN IF NOT EXISTS disconnected_by text CHECK (disconnected_by IN ('stripe', 'product'));

    ALTER TABLE profiles ADD COLUMN IF NOT EXISTS stripe_only boolean NOT NULL DEFAULT false;
    UPDATE profiles p SET stripe_only = true
     WHERE EXISTS (SELECT 1 FROM stripe_customer_links l WHERE l.profile_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(p.traits) k WHERE k NOT LIKE 'stripe.%');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE profiles DROP COLUMN IF EXISTS stripe_only;
    ALTER TABLE stripe_connections DROP COLUMN IF EXISTS disconnected_by;
  `);
}
