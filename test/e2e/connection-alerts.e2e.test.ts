import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createEmailOutboxStore } from '../../src/db/email-outbox-store';
import { createEventInboxStore } from '../../src/db/event-inbox-store';
import { createProjectStore } from '../../src/db/project-store';
import type { StripeConnection } from '../../src/domain/connection';
import type { AlertCause } from '../../src/domain/connection-alerts';
import { randomBase62 } from '../../src/domain/ids';
import { accountWorkflowId, syncWorkflowId } from '../../src/temporal/ids';
import { ConnectionStatusAttribute } from '../../src/temporal/search-attributes';
import { createOrchestrator } from '../../src/temporal/orchestrator';
import { startTestSmtpServer, type TestSmtpServer } from '../support/delivery/smtp-server';
import { waitFor } from '../support/wait';
import { connect, createSeededAccount, startInProcessWorker, startSyncEnv, type SyncEnv } from '../sync/sync-harness';

const ALERTS_TO = 'ops@alerts.example';

/**
 * The project's alert email, end to end: each cause produced the way it happens (a sync Stripe
 * refuses, a sync terminated from outside, Stripe's deauthorization and failing events reaching
 * the account workflow's inbox, a disconnect in the product), on the real worker, Temporal,
 * PostgreSQL and emulator, delivered to a real SMTP server.
 */
describe('the alert email: one email per connection and cause an hour, through the outbox (real worker, Temporal, SMTP)', function () {
  this.timeout(300_000);
  let env: SyncEnv;
  let smtp: TestSmtpServer;
  let projectId: string;
  const orchestrator = () => createOrchestrator(env.temporal.client, env.taskQueue);
  const alertRows = (db: Knex, connectionId: string, cause?: AlertCause) =>
    db('email_outbox').where({ connection_id: connectionId, ...(cause ? { alert_cause: cause } : {}) }).select('*');
  const received = (connection: StripeConnection) => smtp.received.filter((m) => m.text.includes(connection.id));

  before(async () => {
    smtp = await startTestSmtpServer();
    env = await startSyncEnv({ config: { appUrl: 'http://engage.test', automations: { smtpUrl: smtp.url, from: 'Engage <alerts@engage.test>' } } });
    await startInProcessWorker(env);
    const projects = createProjectStore(env.db);
    projectId = (await projects.create('Alerted Shop')).project.id;
    await projects.setAlertEmail(projectId, ALERTS_TO);
  });

  /** A restricted key without charge_read: the sync fails on it and the connection needs reconnecting. */
  async function keyWithoutCharges(project: string) {
    const account = await createSeededAccount(env, { seed: 11, customers: 5 });
    const { secretKey } = await env.emulator.control<{ secretKey: string }>(`/_emulator/accounts/${account.id}/keys`, {
      permissions: ['account_read', 'customer_read', 'subscription_read', 'event_read', 'webhook_endpoint_write'],
    });
    const connection = await connect(env, account, { mode: 'api_key', secretKey, projectId: project, accountName: 'Keyed <Ltd>' });
    await orchestrator().startSync(connection, 'initial');
    await waitFor(async () => (await env.connections.get(connection.id)).status === 'needs_reconnect', { what: 'needs_reconnect', timeoutMs: 60_000 });
    return connection;
  }

  /** An event in the connection's inbox, as a webhook puts it there, and the account workflow told. */
  async function deliverEvent(connection: StripeConnection, type: string, object: Record<string, unknown>) {
    const id = `evt_${randomBase62(14)}`;
    const { seq } = await createEventInboxStore(env.db).receive(connection.id, {
      id, type, created: Math.floor(Date.now() / 1000), livemode: false, account: connection.stripeAccountId, data: { object },
    }, 'webhook', false);
    await orchestrator().wakeAccount(connection, seq);
    return id;
  }

  it('a connection that needs reconnecting sends one email to the alert address, saying what to do, with no secret in it', async () => {
    const connection = await keyWithoutCharges(projectId);
    const [mail] = await waitFor(() => received(connection).length ? received(connection) : undefined, { what: 'the alert email' });
    assert.deepEqual(mail!.to, [ALERTS_TO]);
    assert.match(mail!.subject, /\[Alerted Shop\] Stripe account Keyed <Ltd> \(acct_\w+\) needs reconnecting/);
    assert.match(mail!.text, new RegExp(`Project: Alerted Shop \\(${projectId}\\)`));
    assert.match(mail!.text, /Reconnect the account in Settings → Integrations: http:\/\/engage\.test\/projects\/\w+\/settings\/integrations/);
    assert.match(mail!.text, /charge_read/, 'Stripe\'s reason');
    assert.match(mail!.html, /Keyed &lt;Ltd&gt;/, 'the HTML part is escaped');
    assert.doesNotMatch(`${mail!.text}${mail!.html}`, /rk_test_\w{6,}|sk_test_\w{6,}|whsec_\w/, 'keys are redacted');
    const [row] = await alertRows(env.db, connection.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.alert_cause, 'needs_reconnect');
    const listed = await createEmailOutboxStore(env.db).list(projectId, { limit: 50 });
    assert.ok(listed.data.some((e) => e.alert?.connectionId === connection.id), 'listed with the outbox');

    // Disconnect in the product: the user's own doing, no email
    await orchestrator().disconnect(connection, { purge: false });
    assert.equal((await env.connections.get(connection.id)).disconnectedBy, 'product');
    assert.equal((await alertRows(env.db, connection.id)).length, 1, 'a product disconnect alerts nobody');
    const account = env.temporal.client.workflow.getHandle(accountWorkflowId(connection.id));
    await account.result();
    assert.equal((await account.describe()).typedSearchAttributes.get(ConnectionStatusAttribute), 'disconnected', 'the account workflow shows it disconnected');
  });

  it('a project without an alert email sends nothing, and its sync fails as before', async () => {
    const quiet = (await createProjectStore(env.db).create('Quiet Shop')).project.id;
    const connection = await keyWithoutCharges(quiet);
    const run = await env.db('sync_runs').where({ connection_id: connection.id }).first();
    assert.equal(run.status, 'failed');
    assert.equal((await alertRows(env.db, connection.id)).length, 0);
    assert.equal(await env.db('connection_alerts').where({ connection_id: connection.id }).count('* as n').then((r) => Number(r[0]!.n)), 0);
  });

  it('a failed sync sends one email with its error and Retry; the same failure again within the hour sends none; dead events, another cause, send one', async () => {
    const account = await createSeededAccount(env, { seed: 12, customers: 1500 });
    const connection = await connect(env, account, { mode: 'api_key', projectId });
    await env.emulator.control('/_emulator/faults', { account: account.id, latencyMs: 100 });
    const terminate = async (why: string) => {
      const run = await waitFor(async () => {
        const r = await env.db('sync_runs').where({ connection_id: connection.id }).orderBy('started_at', 'desc').first();
        return r?.status === 'running' && r;
      }, { what: 'the sync running', timeoutMs: 60_000 });
      await env.temporal.client.workflow.getHandle(syncWorkflowId(connection.id)).terminate(why);
      await waitFor(async () => {
        const [r, c] = await Promise.all([env.db('sync_runs').where({ id: run.id }).first(), env.connections.get(connection.id)]);
        return r.status === 'terminated' && c.status === 'error';
      }, { what: 'the terminated run marked, the connection in error', timeoutMs: 60_000 });
    };
    await orchestrator().startSync(connection, 'initial');
    await terminate('stuck on purpose');
    const [mail] = await waitFor(() => received(connection).length ? received(connection) : undefined, { what: 'the sync alert' });
    assert.match(mail!.subject, /failed to sync/);
    assert.match(mail!.text, /The error: The sync was terminated from outside: stuck on purpose/);
    assert.match(mail!.text, /Press Retry/);

    // the same cause again, at once: the move and its (absent) alert commit together, so none is coming
    await orchestrator().startSync(connection, 'resync');
    await terminate('stuck again');
    assert.equal((await alertRows(env.db, connection.id, 'sync_failed')).length, 1, 'one sync alert an hour');
    await env.emulator.control('/_emulator/faults', { account: account.id, latencyMs: 0 });

    // events that keep failing: one email for both
    const first = await deliverEvent(connection, 'customer.updated', { object: 'customer', id: 'cus_nowhere_1' });
    const second = await deliverEvent(connection, 'customer.updated', { object: 'customer', id: 'cus_nowhere_2' });
    const inbox = env.db('stripe_event_inbox');
    await waitFor(async () => (await inbox.clone().whereIn('stripe_event_id', [first, second]).where({ status: 'dead' })).length === 2,
      { what: 'both events dead', timeoutMs: 120_000 });
    const dead = await waitFor(() => received(connection).filter((m) => /keep failing/.test(m.subject)).at(0), { what: 'the dead events alert' });
    assert.match(dead.text, /live Stripe events? (was|were) tried five times/);
    assert.match(dead.text, /dead events list/);
    assert.equal((await alertRows(env.db, connection.id, 'events_dead')).length, 1, 'one dead-events alert an hour');
    assert.equal(received(connection).length, 2);
  });

  it('a deauthorization in Stripe sends one email saying the account was disconnected in Stripe', async () => {
    const account = await createSeededAccount(env, { seed: 13, customers: 3 });
    const connection = await connect(env, account, { mode: 'oauth', projectId });
    await orchestrator().startSync(connection, 'initial');
    await waitFor(async () => (await env.connections.get(connection.id)).status === 'active', { what: 'synced', timeoutMs: 60_000 });
    await deliverEvent(connection, 'account.application.deauthorized', { object: 'application', id: 'ca_engage' });
    await waitFor(async () => (await env.connections.get(connection.id)).status === 'disconnected', { what: 'disconnected', timeoutMs: 60_000 });
    const [mail] = await waitFor(() => received(connection).length ? received(connection) : undefined, { what: 'the disconnect alert' });
    assert.match(mail!.subject, /was disconnected in Stripe/);
    assert.match(mail!.text, /connect the account again/);
    assert.equal((await alertRows(env.db, connection.id)).length, 1);
  });
});
