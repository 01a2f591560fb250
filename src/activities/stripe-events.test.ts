import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import pino from 'pino';
import type Stripe from 'stripe';
import { noAlerts, quietActivityEnvironment, unused } from '../../test/support/activities/fake-activity-deps';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import { createAutomationRunStore } from '../db/automation-run-store';
import { createConnectionStore } from '../db/connection-store';
import { createEventInboxStore } from '../db/event-inbox-store';
import { createEventWriteStores } from '../db/event-write-stores';
import { createProfileOfObjectReadModel } from '../db/profile-of-object-read-model';
import { createSyncWriteStores } from '../db/sync-write-stores';
import { transactional } from '../db/transaction';
import { automationCatalog } from '../domain/automation';
import type { StripeEventEnvelope } from '../domain/stripe-events';
import { createMetrics } from '../metrics/metrics';
import { createEncryptor, generateEncryptionKey } from '../security/encryption';
import type { StripeGateway } from '../stripe/gateway';
import type { ActivityDeps } from './deps';
import { createStripeEventActivities, DEAD_AFTER_ATTEMPTS, type ProcessStripeEventsOutput } from './stripe-events';

const customerUpdated = (id: string, customer: string): StripeEventEnvelope =>
  ({ id, type: 'customer.updated', created: 1_700_000_000, livemode: false, data: { object: { object: 'customer', id: customer } } });

/** Real stores over a test database; Stripe is a fake whose one customer fails until `fixed`. */
describe('processStripeEvents (real stores, fake Stripe)', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  async function world() {
    const { connection, scope } = await createProjectWithConnection(db);
    const stripe = { fixed: false, retrieved: [] as string[], transactions: 0 };
    const gateway: StripeGateway = {
      listPage: () => Promise.reject(new Error('no lists here')),
      listForCustomer: () => Promise.reject(new Error('no lists here')),
      accountCreated: () => Promise.resolve(null),
      countCreatedBefore: () => Promise.resolve(null),
      listEvents: () => Promise.reject(new Error('no event lists here')),
      retrieve: (kind, id) => {
        stripe.retrieved.push(id);
        if (id === 'cus_bad' && !stripe.fixed) return Promise.reject(new Error('this customer cannot be read'));
        // read, but no row can hold it: its write fails inside the transaction
        const created = id === 'cus_unwritable' && !stripe.fixed ? 'never' : 1_700_000_000;
        return Promise.resolve({ object: 'customer', id, created, email: `${id}@events.example`, name: `${id} read ${stripe.retrieved.length}`, metadata: {} } as unknown as Stripe.Customer as never);
      },
    };
    const inbox = createEventInboxStore(db);
    const eventWrites = transactional(db, createEventWriteStores);
    const connections = createConnectionStore(db, createEncryptor(generateEncryptionKey()));
    const deps: ActivityDeps = {
      connections,
      syncRuns: {} as ActivityDeps['syncRuns'],
      checkpoints: {} as ActivityDeps['checkpoints'],
      syncWrites: transactional(db, createSyncWriteStores),
      inbox,
      eventWrites: { run: (work) => (stripe.transactions++, eventWrites.run(work)) },
      profileOf: createProfileOfObjectReadModel(db),
      mirrorHistory: {} as ActivityDeps['mirrorHistory'],
      profileEvents: {} as ActivityDeps['profileEvents'],
      gateways: { forConnection: () => Promise.resolve(gateway) },
      stripeAccess: {} as ActivityDeps['stripeAccess'],
      purges: {} as ActivityDeps['purges'],
      driftChecks: {} as ActivityDeps['driftChecks'],
      logger: pino({ level: 'silent' }),
      metrics: createMetrics(),
      eventsPollSeconds: 300,
      automations: { ...unused<ActivityDeps['automations']>('automations'), catalog: automationCatalog([]), runs: createAutomationRunStore(db) },
      alerts: noAlerts(connections, inbox),
    };
    const process = (afterSeq: number) => quietActivityEnvironment().run(
      () => createStripeEventActivities(deps).processStripeEvents({ connectionId: connection.id, afterSeq, maxEvents: 100, maxSeconds: 30 }),
    ) as Promise<ProcessStripeEventsOutput>;
    return { connection, scope, stripe, inbox, process };
  }

  const statusOf = async (connectionId: string, stripeEventId: string) =>
    (await db('stripe_event_inbox').where({ connection_id: connectionId, stripe_event_id: stripeEventId }).first()).status as string;

  it('an event that always fails goes dead after five attempts without blocking the next ones; Retry, once the cause is gone, processes it', async () => {
    const { connection, stripe, inbox, process } = await world();
    for (const [i, customer] of ['cus_ok1', 'cus_bad', 'cus_ok2'].entries()) await inbox.receive(connection.id, customerUpdated(`evt_${i}`, customer), 'webhook', false);

    const outs: ProcessStripeEventsOutput[] = [];
    let after = 0;
    for (let call = 0; call < DEAD_AFTER_ATTEMPTS; call++) {
      const out = await process(after);
      outs.push(out);
      after = out.processedSeq;
    }
    assert.deepEqual(outs.map((o) => o.processedSeq), [1, 1, 1, 1, 3], 'held at the failing event, then past it once it is dead');
    assert.ok(outs.slice(0, 4).every((o) => o.retryInMs! > 0));
    assert.deepEqual([await statusOf(connection.id, 'evt_0'), await statusOf(connection.id, 'evt_1'), await statusOf(connection.id, 'evt_2')], ['processed', 'dead', 'processed']);
    const [dead] = await inbox.listDead(connection.id);
    assert.match(dead!.lastError!, /cannot be read/);

    stripe.fixed = true;
    const seq = await inbox.retryDead(connection.id, 'evt_1');
    assert.equal(seq, 4, 'back in line after the others');
    const out = await process(after);
    assert.equal(out.processedSeq, 4);
    assert.equal(await statusOf(connection.id, 'evt_1'), 'processed');
    assert.ok(await db('profiles').where({ email_key: 'cus_bad@events.example' }).first(), 'its customer now has a profile');
  });

  it('consecutive events already read from Stripe are applied in one transaction', async () => {
    const { connection, stripe, inbox, process } = await world();
    for (let i = 0; i < 5; i++) await inbox.receive(connection.id, customerUpdated(`evt_group_${i}`, `cus_group${i}`), 'webhook', false);
    const out = await process(0);
    assert.equal(out.processed, 5);
    assert.equal(stripe.transactions, 1);
    assert.equal(Number((await db('stripe_customers').where({ connection_id: connection.id }).count({ n: '*' }))[0]!.n), 5);
  });

  it('when one event of a transaction cannot be written, those before it are applied and the rest wait for its retry', async () => {
    const { connection, stripe, inbox, process } = await world();
    for (const [i, customer] of ['cus_first', 'cus_unwritable', 'cus_last'].entries()) await inbox.receive(connection.id, customerUpdated(`evt_w${i}`, customer), 'webhook', false);
    const out = await process(0);
    assert.equal(out.processedSeq, 1);
    assert.ok(out.retryInMs! > 0);
    assert.equal(stripe.transactions, 3, 'the three together, then one at a time up to the failing one');
    assert.deepEqual([await statusOf(connection.id, 'evt_w0'), await statusOf(connection.id, 'evt_w1'), await statusOf(connection.id, 'evt_w2')], ['processed', 'pending', 'pending']);
    const failing = await db('stripe_event_inbox').where({ connection_id: connection.id, stripe_event_id: 'evt_w1' }).first();
    assert.equal(failing.attempts, 1);
    assert.match(failing.last_error, /bigint|invalid input/);

    stripe.fixed = true;
    const retried = await process(out.processedSeq);
    assert.equal(retried.processedSeq, 3);
    assert.deepEqual([await statusOf(connection.id, 'evt_w1'), await statusOf(connection.id, 'evt_w2')], ['processed', 'processed']);
  });

  it('two events about one customer in one transaction: it is written once, as the later read found it', async () => {
    const { connection, stripe, inbox, process } = await world();
    await inbox.receive(connection.id, customerUpdated('evt_twice_1', 'cus_twice'), 'webhook', false);
    await inbox.receive(connection.id, customerUpdated('evt_twice_2', 'cus_twice'), 'webhook', false);
    const out = await process(0);
    assert.equal(out.processed, 2);
    assert.equal(stripe.transactions, 1);
    const mirrored = await db('stripe_customers').where({ connection_id: connection.id, id: 'cus_twice' }).first();
    assert.equal(mirrored.data.name, 'cus_twice read 2');
  });

  it('a retried call never applies an event twice', async () => {
    const { connection, inbox, process, stripe } = await world();
    await inbox.receive(connection.id, customerUpdated('evt_once', 'cus_once'), 'webhook', false);
    await process(0);
    const again = await process(0); // a retry of a call whose result was lost
    assert.equal(again.processed, 0);
    assert.deepEqual(stripe.retrieved, ['cus_once']);
  });

  it('an event rendered in another API version is applied from the object read in the pinned one', async () => {
    const { connection, inbox, process, stripe } = await world();
    // a pre-basil payload, with fields the pinned version no longer has and none of its own
    await inbox.receive(connection.id, {
      id: 'evt_old_version', type: 'customer.updated', created: 1_700_000_000, livemode: false, api_version: '2020-08-27',
      data: { object: { object: 'customer', id: 'cus_oldv', sources: { data: [] }, email: null } },
    }, 'webhook', false);
    await process(0);
    assert.deepEqual(stripe.retrieved, ['cus_oldv'], 'read again from Stripe');
    const mirrored = await db('stripe_customers').where({ connection_id: connection.id, id: 'cus_oldv' }).first();
    assert.equal(mirrored.email, 'cus_oldv@events.example', 'the pinned-version object, not the payload');
    assert.equal(mirrored.data.sources, undefined);
  });
});
