/**
 * The connection's mirror against Stripe's own objects, field by field (the drift check's
 * comparison), and the unique keys of everything the product records once.
 */
import type { Knex } from 'knex';
import { sameStripeObject } from '../../../src/domain/drift';
import type { TestEmulator } from '../../support/emulator';

const MIRROR = { customers: 'stripe_customers', subscriptions: 'stripe_subscriptions', charges: 'stripe_charges' } as const;

interface StripeObject { id: string; deleted?: boolean }

/** Where the mirror differs from Stripe: `customers cus_…: missing | stale | extra`; empty when equal. */
export async function mirrorDifferences(db: Knex, emulator: TestEmulator, connectionId: string, accountId: string): Promise<string[]> {
  const differences: string[] = [];
  for (const [type, table] of Object.entries(MIRROR)) {
    const objects = (await emulator.get<{ data: StripeObject[] }>(`/_emulator/accounts/${accountId}/objects?type=${type}&includeDeleted=true`)).data;
    const rows: { id: string; deleted?: boolean; data: unknown }[] = await db(table).where({ connection_id: connectionId }).select('*');
    const mirrored = new Map(rows.filter((r) => !r.deleted).map((r) => [r.id, r.data]));
    const live = objects.filter((o) => !o.deleted);
    for (const object of live) {
      if (!mirrored.has(object.id)) differences.push(`${type} ${object.id}: missing`);
      else if (!sameStripeObject(mirrored.get(object.id), object)) differences.push(`${type} ${object.id}: stale`);
    }
    const inStripe = new Set(live.map((o) => o.id));
    for (const id of mirrored.keys()) if (!inStripe.has(id)) differences.push(`${type} ${id}: extra`);
  }
  return differences;
}

/** What must be unique, and the query that finds its keys held more than once. */
const UNIQUE_KEYS: Record<string, string> = {
  'stripe_customers (connection, id)': 'SELECT id FROM stripe_customers WHERE connection_id = :c GROUP BY id HAVING count(*) > 1',
  'stripe_subscriptions (connection, id)': 'SELECT id FROM stripe_subscriptions WHERE connection_id = :c GROUP BY id HAVING count(*) > 1',
  'stripe_charges (connection, id)': 'SELECT id FROM stripe_charges WHERE connection_id = :c GROUP BY id HAVING count(*) > 1',
  'profiles per email': 'SELECT email_key FROM profiles WHERE project_id = :p AND email_key IS NOT NULL GROUP BY email_key HAVING count(*) > 1',
  'profiles per customer link': 'SELECT stripe_customer_id FROM stripe_customer_links WHERE connection_id = :c GROUP BY stripe_customer_id HAVING count(*) > 1',
  'inbox events per Stripe event': 'SELECT stripe_event_id FROM stripe_event_inbox WHERE connection_id = :c GROUP BY stripe_event_id HAVING count(*) > 1',
  'profile events per Stripe event': 'SELECT source_event_id FROM profile_events WHERE project_id = :p AND source = \'stripe\' GROUP BY source_event_id HAVING count(*) > 1',
  'automation runs per automation and event': 'SELECT automation_id, source_event_id FROM automation_runs WHERE project_id = :p GROUP BY 1, 2 HAVING count(*) > 1',
  'sync runs of the first sync': 'SELECT kind FROM sync_runs WHERE connection_id = :c GROUP BY kind HAVING count(*) > 1',
};

/** For each unique key, how many of its values are held more than once (all 0: nothing duplicated). */
export async function duplicatedKeys(db: Knex, projectId: string, connectionId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [what, sql] of Object.entries(UNIQUE_KEYS)) out[what] = (await db.raw<{ rows: unknown[] }>(sql, { c: connectionId, p: projectId })).rows.length;
  return out;
}
