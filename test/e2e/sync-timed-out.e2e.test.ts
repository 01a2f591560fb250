import assert from 'node:assert/strict';
import type { StripeAccountState } from '../../src/workflows/messages';
import type { StripeAccountWorkflow, StripeSyncWorkflow } from '../../src/workflows';
import { syncRunIdOf } from '../../src/workflows/shared/ids';
import { accountWorkflowId, syncWorkflowId } from '../../src/temporal/ids';
import { ConnectionStatusAttribute } from '../../src/temporal/search-attributes';
import { useFullStack } from '../support/api/use-full-stack';
import { startTestSmtpServer, type TestSmtpServer } from '../support/delivery/smtp-server';
import { waitFor } from '../support/wait';

interface Account { id: string; secretKey: string }

const ALERTS_TO = 'ops@timeouts.example';
/** The whole sync may take this long (its workflow execution timeout)… */
const SYNC_TIMEOUT = '6 seconds';
/** …and each of Stripe's answers takes longer than that: the sync cannot finish in time. */
const STRIPE_LATENCY_MS = 10_000;

/**
 * A sync that runs past the workflow timeout someone set on it cannot record its own end: the
 * account workflow following it does, on the real worker, Temporal, PostgreSQL and emulator, and
 * the project's alert email hears of it through a real SMTP server.
 */
describe('a sync timed out from outside (real worker, Temporal, SMTP)', function () {
  this.timeout(180_000);
  let smtp: TestSmtpServer;
  // filled in before the stack reads its config (its hooks run after this one)
  const overrides = { automations: { smtpUrl: '', from: 'Engage <alerts@engage.test>' } };
  before(async () => {
    smtp = await startTestSmtpServer();
    overrides.automations.smtpUrl = smtp.url;
  });
  const { stack, t } = useFullStack<Account>('timed-out', {
    livemode: false, seed: { seed: 41, customers: 60, subscriptionsPerCustomer: 1, chargesPerCustomer: 1 },
  }, overrides);

  /** The account workflow, as if an earlier run of it had started the sync that is running now. */
  const followingAccountWorkflow = (connection: { id: string; projectId: string; stripeAccountId: string }) => {
    const state: StripeAccountState = { processedSeq: 0, knownSeq: 0, continuedAsNew: 0, nextPollAt: Date.now() + 3_600_000, syncRunning: true };
    return stack.temporal.client.workflow.start<typeof StripeAccountWorkflow>('StripeAccountWorkflow', {
      taskQueue: t.h.deps.config.temporal.taskQueue, workflowId: accountWorkflowId(connection.id),
      args: [{ connectionId: connection.id, projectId: connection.projectId, stripeAccountId: connection.stripeAccountId, livemode: false, mode: 'api_key', state }],
    });
  };

  it('is marked timed_out with the reason, the connection shows the error, one alert email says so, and Retry syncs again', async () => {
    const api = t.h.asProject(t.apiKey);
    assert.equal((await api.patch('/api/v1/project', { alertEmail: ALERTS_TO })).status, 200);
    const { connection } = await t.h.deps.connections.upsert({
      projectId: t.projectId, stripeAccountId: stack.merchant.id, livemode: false, mode: 'api_key', credentials: { secretKey: stack.merchant.secretKey },
    });
    await stack.emulator.control('/_emulator/faults', { account: stack.merchant.id, latencyMs: STRIPE_LATENCY_MS });
    const sync = await stack.temporal.client.workflow.start<typeof StripeSyncWorkflow>('StripeSyncWorkflow', {
      taskQueue: t.h.deps.config.temporal.taskQueue, workflowId: syncWorkflowId(connection.id),
      args: [{ connectionId: connection.id, kind: 'initial' }], workflowExecutionTimeout: SYNC_TIMEOUT,
    });
    const account = await followingAccountWorkflow(connection);

    const runs = () => t.db('sync_runs').where({ connection_id: connection.id });
    // the run is marked first, then the connection moved (with its alert)
    const { run, stored } = await waitFor(async () => {
      const [r, c] = await Promise.all([runs().first(), t.h.deps.connections.get(connection.id)]);
      return r?.status === 'timed_out' && c.status === 'error' && { run: r, stored: c };
    }, { what: 'the run marked timed_out, the connection in error', timeoutMs: 60_000 });
    assert.equal((await sync.describe()).status.name, 'TIMED_OUT');
    assert.equal(run.id, syncRunIdOf(sync.firstExecutionRunId), 'the run of the execution that timed out');
    assert.equal(run.error, 'The sync ran past the workflow timeout set on it.');
    assert.ok(run.error_at instanceof Date && run.finished_at instanceof Date, 'when it ended');

    assert.equal(stored.statusMessage, run.error);
    await waitFor(async () => (await account.describe()).typedSearchAttributes.get(ConnectionStatusAttribute) === 'error',
      { what: 'the account workflow showing the error' });

    const listed = await api.get('/api/v1/integrations/stripe');
    const view = (listed.body.data as { id: string; status: string; statusMessage: string; sync: Record<string, unknown> }[]).find((c) => c.id === connection.id)!;
    assert.equal(view.status, 'error');
    assert.match(view.statusMessage, /past the workflow timeout/);
    assert.equal(view.sync.status, 'timed_out');
    assert.equal(view.sync.error, run.error);
    assert.equal(view.sync.errorAt, run.error_at.toISOString());
    assert.ok(view.sync.finishedAt, 'finished');

    const received = () => smtp.received.filter((m) => m.text.includes(connection.id));
    const [mail] = await waitFor(() => received().length ? received() : undefined, { what: 'the sync alert email' });
    assert.deepEqual(mail!.to, [ALERTS_TO]);
    assert.match(mail!.subject, /failed to sync/);
    assert.match(mail!.text, /The error: The sync ran past the workflow timeout set on it\./);
    // the outbox row is marked sent once the SMTP server has taken it
    const alerts = await waitFor(async () => {
      const rows = await t.db('email_outbox').where({ connection_id: connection.id }).select('alert_cause', 'status');
      return rows.every((r) => r.status === 'sent') && rows;
    }, { what: 'the alert marked sent' });
    assert.deepEqual(alerts, [{ alert_cause: 'sync_failed', status: 'sent' }], 'one alert, delivered');

    await stack.emulator.control('/_emulator/faults', { account: stack.merchant.id, latencyMs: 0 });
    assert.equal((await api.post(`/api/v1/integrations/stripe/${connection.id}/resync`)).status, 202);
    await stack.temporal.client.workflow.getHandle(syncWorkflowId(connection.id)).result();
    assert.equal((await t.h.deps.connections.get(connection.id)).status, 'active');
    // the run timed out before it planned its slices: there is nothing to resume, so a new run starts
    const [timedOut, fresh] = await runs().orderBy('started_at');
    assert.deepEqual([timedOut.id, timedOut.status], [run.id, 'timed_out'], 'the timed-out run stays as it was recorded');
    assert.equal(fresh?.status, 'succeeded');
    await account.terminate('test over');
  });
});
