import assert from 'node:assert/strict';
import { seedRun } from '../../../test/support/api/automation-fixtures';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { DISABLED_RESULT } from '../../domain/automation';

describe('automations API', () => {
  const t = useApiHarness();
  const api = () => t.h.client();
  const as = (key: string) => ({
    get: (path: string) => api().get(path, { bearer: key }),
    post: (path: string, json?: unknown) => api().post(path, { bearer: key, json: json ?? {} }),
    patch: (path: string, json: unknown) => api().patch(path, { bearer: key, json }),
    delete: (path: string) => api().request('DELETE', path, { bearer: key }),
  });
  const me = () => as(t.apiKey);
  let other: { projectId: string; apiKey: string };
  before(async () => {
    other = await t.h.createProject('Other');
  });
  afterEach(() => {
    t.h.orchestrator.disabledRuns.length = 0;
  });

  it('lists every automation of the build, off, with its params filled with defaults and its param schema', async () => {
    const res = await me().get('/api/v1/automations');
    assert.equal(res.status, 200);
    assert.equal(res.body.nextCursor, null);
    assert.deepEqual(res.body.data.map((a: { id: string }) => a.id).sort(), ['dunning', 'refund-alert', 'trial-ending', 'win-back']);
    const dunning = res.body.data.find((a: { id: string }) => a.id === 'dunning');
    assert.equal(dunning.enabled, false);
    assert.equal(dunning.trigger, 'Stripe Charge Failed');
    assert.equal(dunning.version, 1);
    assert.equal(dunning.hasWebhookSecret, false);
    assert.equal(dunning.testModeEmails, false);
    assert.equal(dunning.params.retryAfter, '3 days');
    assert.equal(dunning.webhookSecret, undefined);
    const retry = dunning.paramSchema.find((f: { name: string }) => f.name === 'retryAfter');
    assert.deepEqual(retry, { name: 'retryAfter', kind: 'duration', label: 'Wait for a successful charge', help: null, default: '3 days', multiline: false });
    assert.equal(dunning.paramSchema.find((f: { name: string }) => f.name === 'firstBody').multiline, true);
    assert.equal(res.body.data.find((a: { id: string }) => a.id === 'win-back').marketing, true);
  });

  it('refuses requests without the API key', async () => {
    assert.equal((await api().get('/api/v1/automations')).status, 401);
    assert.equal((await api().post('/api/v1/automations', { json: { id: 'dunning' } })).status, 401);
  });

  it('enabling issues a webhook signing secret, shown in that response only and stored encrypted', async () => {
    const res = await me().post('/api/v1/automations', { id: 'dunning' });
    assert.equal(res.status, 201);
    assert.equal(res.body.enabled, true);
    assert.equal(res.body.hasWebhookSecret, true);
    assert.match(res.body.webhookSecret, /^engage_whsec_[0-9A-Za-z]{32}$/);
    assert.equal(await t.h.deps.automationSettings.webhookSecret(t.projectId, 'dunning'), res.body.webhookSecret);
    const [row] = await t.db('automation_settings').where({ project_id: t.projectId, automation_id: 'dunning' });
    assert.ok(!String(row.webhook_secret).includes(res.body.webhookSecret), 'the secret is stored in the clear');

    const read = await me().get('/api/v1/automations/dunning');
    assert.equal(read.body.hasWebhookSecret, true);
    assert.equal(read.body.webhookSecret, undefined);
    assert.ok(!read.text.includes(res.body.webhookSecret));
    const again = await me().post('/api/v1/automations', { id: 'dunning' });
    assert.equal(again.status, 200);
    assert.equal(again.body.webhookSecret, undefined);
    const listed = await me().get('/api/v1/automations');
    assert.ok(!listed.text.includes(res.body.webhookSecret));
  });

  it('a new webhook secret replaces the old one, shown once', async () => {
    const before = await t.h.deps.automationSettings.webhookSecret(t.projectId, 'dunning');
    const res = await me().post('/api/v1/automations/dunning/webhook-secret');
    assert.equal(res.status, 200);
    assert.match(res.body.webhookSecret, /^engage_whsec_/);
    assert.notEqual(res.body.webhookSecret, before);
    assert.equal(await t.h.deps.automationSettings.webhookSecret(t.projectId, 'dunning'), res.body.webhookSecret);
  });

  it('PATCH merges params over the current ones, and null puts one back to its default', async () => {
    const res = await me().patch('/api/v1/automations/dunning', { params: { retryAfter: '5 days', firstSubject: 'Card declined, {{traits.name}}' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.params.retryAfter, '5 days');
    assert.equal(res.body.params.firstSubject, 'Card declined, {{traits.name}}');
    assert.equal(res.body.params.reminderSubject, 'Reminder: your payment is still outstanding');
    const more = await me().patch('/api/v1/automations/dunning', { params: { webhookUrl: 'https://hooks.example.com/dunning' }, testModeEmails: true });
    assert.equal(more.body.params.retryAfter, '5 days');
    assert.equal(more.body.params.webhookUrl, 'https://hooks.example.com/dunning');
    assert.equal(more.body.testModeEmails, true);
    const reset = await me().patch('/api/v1/automations/dunning', { params: { retryAfter: null, webhookUrl: null } });
    assert.equal(reset.body.params.retryAfter, '3 days');
    assert.equal(reset.body.params.webhookUrl, undefined);
    assert.equal(reset.body.params.firstSubject, 'Card declined, {{traits.name}}');
    assert.equal(reset.body.enabled, true);
  });

  it('refuses wrong params with the field named, and changes nothing', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ retryAfter: '3 dayz' }, 'params.retryAfter', /duration/],
      [{ retryAfter: 3 }, 'params.retryAfter', /string/],
      [{ webhookUrl: 'ftp://example.com/x' }, 'params.webhookUrl', /http/],
      [{ firstBody: 'Hi {{customer.name}}' }, 'params.firstBody', /unknown placeholder \{\{customer\.name\}\}/],
      [{ colour: 'blue' }, 'params.colour', /unknown param/],
    ];
    for (const [params, field, why] of cases) {
      const res = await me().patch('/api/v1/automations/dunning', { params, enabled: false });
      assert.equal(res.status, 400, JSON.stringify(params));
      assert.equal(res.body.error.code, 'validation_error');
      assert.ok(res.body.error.message.startsWith(`${field}: `), res.body.error.message);
      assert.match(res.body.error.message, why);
      assert.equal(res.body.error.details.field, field);
    }
    const posted = await me().post('/api/v1/automations', { id: 'win-back', params: { delay: 'soon' } });
    assert.equal(posted.status, 400);
    assert.equal(posted.body.error.details.field, 'params.delay');
    const read = await me().get('/api/v1/automations');
    const byId = new Map(read.body.data.map((a: { id: string }) => [a.id, a]));
    assert.equal((byId.get('dunning') as { enabled: boolean }).enabled, true);
    assert.equal((byId.get('win-back') as { enabled: boolean }).enabled, false);
    assert.equal(t.h.orchestrator.disabledRuns.length, 0);
  });

  it('refuses bodies that are not a change, and unknown or malformed automation ids', async () => {
    const empty = await me().patch('/api/v1/automations/dunning', {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /send enabled, params or testModeEmails/);
    const extra = await me().patch('/api/v1/automations/dunning', { enabled: true, version: 2 });
    assert.equal(extra.status, 400);
    assert.equal((await me().get('/api/v1/automations/no-such-thing')).status, 404);
    assert.equal((await me().post('/api/v1/automations', { id: 'no-such-thing' })).status, 404);
    assert.equal((await me().patch('/api/v1/automations/no-such-thing', { enabled: true })).status, 404);
    const bad = await me().get('/api/v1/automations/Dunning!');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^id: /);
  });

  it('switching an automation off tells its unfinished runs, and only those, to end', async () => {
    const waiting = await seedRun(t.h.deps, t.projectId, { automationId: 'dunning', email: 'wait@example.com', status: 'waiting' });
    const pending = await seedRun(t.h.deps, t.projectId, { automationId: 'dunning', email: 'pend@example.com', status: 'pending' });
    const done = await seedRun(t.h.deps, t.projectId, { automationId: 'dunning', email: 'done@example.com', status: 'completed' });
    const elsewhere = await seedRun(t.h.deps, other.projectId, { automationId: 'dunning', email: 'wait@example.com', status: 'waiting' });
    const res = await me().patch('/api/v1/automations/dunning', { enabled: false });
    assert.equal(res.status, 200);
    assert.equal(res.body.enabled, false);
    assert.deepEqual(t.h.orchestrator.disabledRuns.sort(), [waiting.workflowId, pending.workflowId].sort());
    assert.ok(!t.h.orchestrator.disabledRuns.includes(done.workflowId));
    assert.ok(!t.h.orchestrator.disabledRuns.includes(elsewhere.workflowId));
    assert.match(DISABLED_RESULT, /automation disabled/);
  });

  it('DELETE switches it off and forgets params and secret; enabling again issues a new secret', async () => {
    await me().post('/api/v1/automations', { id: 'trial-ending', params: { subject: 'Only 3 days left' } });
    const run = await seedRun(t.h.deps, t.projectId, { automationId: 'trial-ending', email: 'trial@example.com', status: 'running' });
    const res = await me().delete('/api/v1/automations/trial-ending');
    assert.equal(res.status, 200);
    assert.equal(res.body.enabled, false);
    assert.equal(res.body.params.subject, 'Your trial ends soon');
    assert.equal(res.body.hasWebhookSecret, false);
    assert.deepEqual(t.h.orchestrator.disabledRuns, [run.workflowId]);
    assert.equal(await t.h.deps.automationSettings.find(t.projectId, 'trial-ending'), undefined);
    const again = await me().post('/api/v1/automations', { id: 'trial-ending' });
    assert.equal(again.status, 201);
    assert.match(again.body.webhookSecret, /^engage_whsec_/);
  });

  it('another project sees its own settings only', async () => {
    const mine = await me().get('/api/v1/automations/dunning');
    assert.equal(mine.body.hasWebhookSecret, true);
    const theirs = await as(other.apiKey).get('/api/v1/automations/dunning');
    assert.equal(theirs.status, 200);
    assert.equal(theirs.body.enabled, false);
    assert.equal(theirs.body.hasWebhookSecret, false);
  });

  describe('runs and emails', () => {
    let first: Awaited<ReturnType<typeof seedRun>>;
    let second: Awaited<ReturnType<typeof seedRun>>;
    let foreign: Awaited<ReturnType<typeof seedRun>>;
    before(async () => {
      first = await seedRun(t.h.deps, t.projectId, {
        automationId: 'win-back', email: 'ada@example.com', status: 'completed', outboxEmail: { subject: 'We miss you', text: 'Come back' },
      });
      second = await seedRun(t.h.deps, t.projectId, { automationId: 'win-back', email: 'bob@example.com', status: 'waiting' });
      foreign = await seedRun(t.h.deps, other.projectId, {
        automationId: 'win-back', email: 'eve@example.com', status: 'completed', outboxEmail: { subject: 'Theirs', text: 'Not yours' },
      });
    });

    it('lists an automation\'s runs newest first, a page at a time, with event, profile and where each stands', async () => {
      const page1 = await me().get('/api/v1/automations/win-back/runs?limit=1');
      assert.equal(page1.status, 200);
      assert.equal(page1.body.data.length, 1);
      const newest = page1.body.data[0];
      assert.equal(newest.id, second.runId);
      assert.equal(newest.status, 'waiting');
      assert.equal(newest.currentStep, 'waiting for Stripe Charge Succeeded');
      assert.equal(newest.testMode, true);
      assert.deepEqual(newest.profile, { id: second.profileId, email: 'bob@example.com' });
      assert.equal(newest.event.name, 'Stripe Subscription Deleted');
      assert.equal(newest.event.stripeEventId, second.stripeEventId);
      assert.ok(Date.parse(newest.event.occurredAt));
      assert.ok(Date.parse(newest.startedAt));
      assert.ok(page1.body.nextCursor);
      const page2 = await me().get(`/api/v1/automations/win-back/runs?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      assert.deepEqual(page2.body.data.map((r: { id: string }) => r.id), [first.runId]);
      assert.equal(page2.body.data[0].result, 'completed in a test');
      assert.equal(page2.body.nextCursor, null);
    });

    it('shows one run with its steps and its emails', async () => {
      const res = await me().get(`/api/v1/automations/win-back/runs/${first.runId}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'completed');
      assert.deepEqual(res.body.steps.map((s: { step: number; kind: string; status: string }) => [s.step, s.kind, s.status]), [[1, 'email', 'outbox']]);
      assert.equal(res.body.emails.length, 1);
      assert.equal(res.body.emails[0].subject, 'We miss you');
      assert.equal(res.body.emails[0].status, 'outbox');
      assert.equal(res.body.emails[0].testMode, true);
    });

    it('another project\'s runs and emails do not exist here', async () => {
      assert.equal((await me().get(`/api/v1/automations/win-back/runs/${foreign.runId}`)).status, 404);
      assert.equal((await as(other.apiKey).get(`/api/v1/automations/win-back/runs/${first.runId}`)).status, 404);
      const theirs = await as(other.apiKey).get('/api/v1/automations/win-back/runs');
      assert.deepEqual(theirs.body.data.map((r: { id: string }) => r.id), [foreign.runId]);
      // a run is found under its own automation only
      assert.equal((await me().get(`/api/v1/automations/dunning/runs/${first.runId}`)).status, 404);
      assert.equal((await me().get('/api/v1/automations/no-such-thing/runs')).status, 404);
      const emails = await me().get('/api/v1/emails');
      assert.ok(!emails.text.includes('Not yours'));
    });

    it('lists the outbox newest first, with status and the test flag, filterable by run', async () => {
      const res = await me().get('/api/v1/emails');
      assert.equal(res.status, 200);
      assert.equal(res.body.nextCursor, null);
      const email = res.body.data.find((e: { runId: string }) => e.runId === first.runId);
      assert.equal(email.to, 'ada@example.com');
      assert.equal(email.status, 'outbox');
      assert.equal(email.transport, 'outbox');
      assert.equal(email.testMode, true);
      assert.equal(email.text, 'Come back');
      assert.equal(email.profileId, first.profileId);
      const ofRun = await me().get(`/api/v1/emails?runId=${second.runId}`);
      assert.deepEqual(ofRun.body.data, []);
    });
  });
});
