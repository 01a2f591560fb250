/** Reading back what a sync wrote, in the shapes the sync tests compare. */
import type { Knex } from 'knex';
import { whereTraitPredicate } from '../../src/db/segment-store';
import { ACTIVE_STRIPE_SUBSCRIBERS, NEW_STRIPE_CUSTOMERS, rulePredicate, type SegmentDefinition } from '../../src/domain/segments';

export interface SyncedProfile {
  id: string;
  key: string;
  email: string | null;
  traits: Record<string, unknown>;
  customerIds: string[];
  updatedAt: Date;
}

/** Profiles of a project by identity key (`email:<key>` or `external:<key>`). */
export async function syncedProfiles(db: Knex, projectId: string): Promise<Map<string, SyncedProfile>> {
  const rows = await db('profiles as p')
    .leftJoin('stripe_customer_links as l', 'l.profile_id', 'p.id')
    .where('p.project_id', projectId)
    .groupBy('p.id')
    .select('p.id', 'p.email', 'p.email_key', 'p.external_key', 'p.traits', 'p.updated_at',
      db.raw(`coalesce(array_agg(DISTINCT l.stripe_customer_id) FILTER (WHERE l.stripe_customer_id IS NOT NULL), '{}') AS customer_ids`));
  return new Map(rows.map((r) => {
    const key = r.email_key ? `email:${r.email_key}` : `external:${r.external_key}`;
    return [key, { id: r.id, key, email: r.email, traits: r.traits, customerIds: [...r.customer_ids].sort(), updatedAt: r.updated_at }];
  }));
}

/** A segment's members as the product evaluates it (the segment store's own predicate). */
async function segmentMembers(db: Knex, projectId: string, segment: SegmentDefinition, now: Date): Promise<string[]> {
  const rows = await whereTraitPredicate(db('profiles').where({ project_id: projectId }), rulePredicate(segment.rule, now))
    .select('email_key', 'external_key');
  return rows.map((r: { email_key: string | null; external_key: string }) => (r.email_key ? `email:${r.email_key}` : `external:${r.external_key}`)).sort();
}

export async function syncedSegments(db: Knex, projectId: string, now: Date) {
  return {
    activeSubscribers: await segmentMembers(db, projectId, ACTIVE_STRIPE_SUBSCRIBERS, now),
    newCustomers: await segmentMembers(db, projectId, NEW_STRIPE_CUSTOMERS, now),
  };
}

const MIRROR = ['stripe_customers', 'stripe_subscriptions', 'stripe_charges'] as const;

/**
 * Everything a sync writes for a connection, minus bookkeeping that must move on a resync
 * (`source_version`, `synced_at`, `last_seen_run_id`): two syncs of unchanged data compare equal.
 */
export async function syncedRows(db: Knex, connectionId: string, projectId: string) {
  const mirror: Record<string, unknown[]> = {};
  for (const table of MIRROR) {
    const rows = await db(table).where({ connection_id: connectionId }).orderBy('id');
    mirror[table] = rows.map(({ source_version: _v, synced_at: _s, last_seen_run_id: _r, ...rest }) => rest);
  }
  return {
    ...mirror,
    links: await db('stripe_customer_links').where({ connection_id: connectionId }).orderBy('stripe_customer_id').select('stripe_customer_id', 'profile_id', 'linked_at'),
    profiles: await db('profiles').where({ project_id: projectId }).orderBy('id'),
    events: await db('profile_events').where({ project_id: projectId }).count<{ n: string }[]>({ n: '*' }),
  };
}
