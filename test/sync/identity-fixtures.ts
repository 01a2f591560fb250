/**
 * Builders for the sync's store and activity tests: a project with Stripe connections in a fresh
 * database, Stripe-shaped objects, and pages applied through the same code path the sync uses.
 */
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { applyPage } from '../../src/activities/apply-page';
import { createConnectionStore } from '../../src/db/connection-store';
import type { ConnectionScope } from '../../src/db/profile-identity-store';
import { createProjectStore } from '../../src/db/project-store';
import { createSyncRunStore } from '../../src/db/sync-run-store';
import { createSyncWriteStores } from '../../src/db/sync-write-stores';
import { transactional } from '../../src/db/transaction';
import type { StripeObjectType } from '../../src/domain/sync-slices';
import { createEncryptor, generateEncryptionKey } from '../../src/security/encryption';

let seq = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function createProjectWithConnection(db: Knex, opts: { livemode?: boolean; accountId?: string; projectId?: string } = {}) {
  const encryptor = createEncryptor(generateEncryptionKey());
  const projectId = opts.projectId ?? (await createProjectStore(db).create('sync test')).project.id;
  const { connection } = await createConnectionStore(db, encryptor).upsert({
    projectId, stripeAccountId: opts.accountId ?? nextId('acct'), livemode: opts.livemode ?? false, mode: 'api_key',
    credentials: { secretKey: 'rk_test_unused' },
  });
  const syncRunId = nextId('run');
  await createSyncRunStore(db).start({ id: syncRunId, connectionId: connection.id, workflowId: `stripe-sync:${connection.id}`, kind: 'initial' });
  const scope: ConnectionScope = { projectId, connectionId: connection.id };
  return { scope, connection, syncRunId };
}

export const customer = (over: Partial<Stripe.Customer> & { id: string }): Stripe.Customer =>
  ({ object: 'customer', created: 1_700_000_000, email: null, name: null, phone: null, description: null, address: null, metadata: {}, livemode: false, ...over }) as Stripe.Customer;

export const subscription = (over: { id: string; customer: string; status: Stripe.Subscription.Status; created?: number }): Stripe.Subscription =>
  ({ object: 'subscription', created: 1_700_000_100, metadata: {}, ...over }) as unknown as Stripe.Subscription;

export const charge = (over: Partial<Stripe.Charge> & { id: string }): Stripe.Charge =>
  ({ object: 'charge', created: 1_700_000_200, customer: null, amount: 1000, currency: 'usd', status: 'succeeded', billing_details: { email: null }, receipt_email: null, metadata: {}, ...over }) as unknown as Stripe.Charge;

/** Applies a page exactly as a slice activity does: one transaction, project lock first. */
export async function applyTestPage(db: Knex, ctx: { scope: ConnectionScope; syncRunId: string }, type: StripeObjectType, objects: unknown[], version = Date.now()) {
  return transactional(db, createSyncWriteStores).run(async (stores) => {
    await stores.identity.lockProject(ctx.scope.projectId);
    return applyPage(type, stores, { scope: ctx.scope, version, syncRunId: ctx.syncRunId }, objects);
  });
}

export interface ProfileRow { id: string; email: string | null; email_key: string | null; external_key: string | null; traits: Record<string, unknown>; updated_at: Date }

export const profiles = (db: Knex, projectId: string): Promise<ProfileRow[]> =>
  db('profiles').where({ project_id: projectId }).orderBy('id');

export async function profileOfCustomer(db: Knex, scope: ConnectionScope, customerId: string): Promise<ProfileRow | undefined> {
  const link = await db('stripe_customer_links').where({ connection_id: scope.connectionId, stripe_customer_id: customerId }).first();
  return link ? db('profiles').where({ id: link.profile_id }).first() : undefined;
}

export const stripeKeys = (traits: Record<string, unknown>) => Object.keys(traits).filter((k) => k.startsWith('stripe.')).sort();
