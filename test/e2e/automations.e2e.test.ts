import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import type { Config } from '../../src/config';
import { createAutomationSettingStore } from '../../src/db/automation-setting-store';
import { automationCatalog, defaultParams } from '../../src/domain/automation';
import { createEncryptor } from '../../src/security/encryption';
import { AutomationIdAttribute, CustomerIdAttribute, ProjectIdAttribute } from '../../src/temporal/search-attributes';
import { AUTOMATIONS } from '../../src/workflows/automations';
import { useFullStack } from '../support/api/use-full-stack';
import type { DeepPartial } from '../support/config';
import { startTestSmtpServer, type TestSmtpServer } from '../support/delivery/smtp-server';
import { waitFor } from '../support/wait';

interface Merchant { id: string; secretKey: string }
interface Triggered<T = { id: string }> { object: T; events: string[] }

const catalog = automationCatalog(AUTOMATIONS);

/**
 * Automations end to end: Stripe (the emulator) sends signed webhooks, the account workflow records
 * the profile events and starts the runs, and the emails arrive at a real SMTP server.
 */
describe('automations, from a signed webhook to an email received over SMTP', () => {
  let smtp: TestSmtpServer;
  const overrides: DeepPartial<Config> = { automations: {} };
  before(async () => {
    smtp = await startTestSmtpServer();
    overrides.automations = { smtpUrl: smtp.url, from: 'Live Ltd <billing@live.example>' };
  });
  // a live-mode account: its customers are real people, so its runs email them
  const { stack, t } = useFullStack<Merchant>('automations', { livemode: true, businessName: 'Live Ltd', seed: { seed: 5, customers: 4 } }, overrides);
  let connectionId: string;
  const api = (path: string) => t.h.client().get(path, { bearer: t.apiKey });
  const trigger = <T = { id: string }>(action: string, params: Record<string, unknown>) =>
    stack.emulator.control<Triggered<T>>(`/_emulator/accounts/${stack.merchant.id}/trigger`, { action, ...params });
  const runsOf = (automationId: string) => t.db('automation_runs').where({ project_id: t.projectId, automation_id: automationId }).orderBy('created_at');

  before(async () => {
    const settings = createAutomationSettingStore(t.db, createEncryptor(t.h.deps.config.encryptionKey!));
    for (const id of ['dunning', 'trial-ending']) {
      await settings.save(t.projectId, id, { enabled: true, params: defaultParams(catalog.find(id)!.params), testModeEmails: false });
    }
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: stack.merchant.secretKey } });
    assert.equal(res.status, 201, res.text);
    connectionId = res.body.id as string;
    await waitFor(async () => (await api('/api/v1/integrations/stripe')).body.data[0].status === 'active', { what: 'the first sync', timeoutMs: 90_000 });
  });

  it('the first sync and the customers\' past on their timelines trigger nothing', async () => {
    const res = await t.h.client().patch(`/api/v1/integrations/stripe/${connectionId}`, { bearer: t.apiKey, json: { timelineHistory: true } });
    assert.equal(res.status, 200);
    await waitFor(async () => (await t.db('profile_events').where({ project_id: t.projectId, historical: true, type: 'Stripe Charge Failed' })).length > 0,
      { what: 'historical failed charges on the timelines', timeoutMs: 60_000 });
    assert.equal((await t.db('automation_runs').where({ project_id: t.projectId })).length, 0);
    assert.equal(smtp.received.length, 0);
  });

  it('a failed charge, delivered twice and out of order with others, gives one dunning run and its email', async () => {
    await stack.emulator.control('/_emulator/webhooks/config', { duplicate: 1, reorder: true });
    const email = 'grace@live.example';
    const { object: customer } = await trigger('customer.create', { email, name: 'Grace Hopper' });
    const { object: charge } = await trigger<Stripe.Charge>('charge.fail', { customer: customer.id, amount: 1900 });
    await trigger('charge.fail', { customer: customer.id, amount: 2900 });

    const mails = await waitFor(() => smtp.received.filter((m) => m.to.includes(email)).length >= 2 && smtp.received.filter((m) => m.to.includes(email)),
      { what: 'the two dunning emails', timeoutMs: 60_000 });
    assert.deepEqual(mails.map((m) => m.subject), ['Your payment did not go through', 'Your payment did not go through']);
    assert.match(mails[0]!.from, /billing@live\.example/);

    const runs = await runsOf('dunning');
    assert.equal(runs.length, 2, 'one run per failed charge, whatever the duplicates');
    assert.equal(new Set(runs.map((r: { source_event_id: string }) => r.source_event_id)).size, 2);
    const deliveries = await stack.emulator.get<{ data: unknown[] }>(`/_emulator/webhooks/deliveries?account=${stack.merchant.id}`);
    assert.ok(deliveries.data.length > runs.length, 'Stripe did deliver duplicates');

    const run = runs.find((r: { summary: string }) => r.summary.includes(charge.id)) as { workflow_id: string; profile_id: string; summary: string };
    assert.equal(run.summary, `dunning · ${email} · charge ${charge.id}`);
    const described = await stack.temporal.client.workflow.getHandle(run.workflow_id).describe();
    assert.equal(described.type, 'AutomationWorkflow');
    assert.equal(described.typedSearchAttributes.get(ProjectIdAttribute), t.projectId);
    assert.equal(described.typedSearchAttributes.get(AutomationIdAttribute), 'dunning');
    assert.equal(described.typedSearchAttributes.get(CustomerIdAttribute), run.profile_id);
    assert.equal(await described.staticSummary(), run.summary);
    const steps = await waitFor(async () => {
      const rows = await t.db('automation_run_steps').whereIn('run_id', t.db('automation_runs').select('id').where({ workflow_id: run.workflow_id }));
      return rows.some((s: { status: string }) => s.status === 'running') && rows;
    }, { what: 'the run waiting for a successful charge' });
    assert.deepEqual(steps.map((s: { kind: string }) => s.kind).sort(), ['email', 'wait for event']);
    await stack.emulator.control('/_emulator/webhooks/config', { duplicate: 0, reorder: false });
  });

  it('a successful charge ends the waiting dunning run early', async () => {
    const [run] = await runsOf('dunning') as { workflow_id: string; profile_id: string }[];
    const customer = await t.db('stripe_customer_links').where({ profile_id: run!.profile_id, connection_id: connectionId }).first() as { stripe_customer_id: string };
    await trigger('charge.succeed', { customer: customer.stripe_customer_id, amount: 1900 });
    const outcome = await stack.temporal.client.workflow.getHandle(run!.workflow_id).result() as { status: string; result: string };
    assert.equal(outcome.status, 'completed');
    assert.match(outcome.result, /^ended: paid: ch_/);
  });
});
