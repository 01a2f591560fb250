import assert from 'node:assert/strict';
import { seedRun } from '../../../test/support/api/automation-fixtures';
import { csrfFrom, type TestClient } from '../../../test/support/api/http-client';
import { useApiHarness } from '../../../test/support/api/use-api-harness';

describe('Settings → Automations pages', () => {
  const t = useApiHarness();
  let browser: TestClient;
  let csrf: string;
  const page = () => `/projects/${t.projectId}/settings/automations`;
  const post = (action: string, form: Record<string, string> = {}) => browser.post(`${page()}/${action}`, { form: { _csrf: csrf, ...form } });

  before(async () => {
    ({ client: browser, csrf } = await t.h.signedIn(t.projectId, t.apiKey));
  });

  it('needs a session of the project', async () => {
    const res = await t.h.client().get(page());
    assert.equal(res.status, 302);
    assert.match(res.location ?? '', /\/login\?next=/);
  });

  it('lists the automations, each off with its params form generated from its schema', async () => {
    const res = await browser.get(page());
    assert.equal(res.status, 200);
    for (const id of ['dunning', 'trial-ending', 'win-back']) assert.match(res.text, new RegExp(`data-automation-id="${id}" data-enabled="false"`));
    assert.match(res.text, /<a href="[^"]+\/settings\/automations" class="active">Automations<\/a>/);
    assert.match(res.text, /name="params\.retryAfter" value="3 days"/);
    assert.match(res.text, /<textarea id="dunning-firstBody" name="params\.firstBody"/);
    assert.match(res.text, /Placeholders: \{\{traits\.…\}\}/);
    assert.match(res.text, /data-no-runs/);
  });

  it('turning one on shows its webhook signing secret once', async () => {
    const on = await post('dunning/enable');
    assert.equal(on.status, 200);
    const secret = /data-webhook-secret>([^<]+)</.exec(on.text)?.[1];
    assert.match(secret ?? '', /^engage_whsec_\w{32}$/);
    assert.equal(await t.h.deps.automationSettings.webhookSecret(t.projectId, 'dunning'), secret);
    assert.match(on.text, /data-automation-id="dunning" data-enabled="true"/);
    const later = await browser.get(page());
    assert.ok(!later.text.includes(secret!), 'the secret is shown again');
    assert.match(later.text, /webhook signing secret issued/);
    const again = await post('dunning/enable');
    assert.equal(again.status, 303);
    assert.match(again.location ?? '', /notice=enabled&automation=dunning/);
  });

  it('a refused param is named beside its field, with what was typed kept', async () => {
    const res = await post('dunning/params', {
      'params.firstSubject': 'Payment <failed>', 'params.firstBody': 'Hi', 'params.retryAfter': 'three days',
      'params.reminderSubject': 'Again', 'params.reminderBody': 'Pay', 'params.webhookUrl': '',
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /<div class="field invalid" data-param="retryAfter">/);
    assert.match(res.text, /data-field-error="params\.retryAfter">must be a duration like &quot;3 days&quot;/);
    assert.match(res.text, /name="params\.retryAfter" value="three days"[^>]*aria-invalid="true"/);
    assert.match(res.text, /value="Payment &lt;failed&gt;"/);
    assert.match(res.text, /<details class="settings" data-settings="dunning" open>/);
    assert.equal((await t.h.deps.automationSettings.find(t.projectId, 'dunning'))?.params.retryAfter, '3 days');
  });

  it('saves the params form, its line ends made plain, and the test-mode switch', async () => {
    const res = await post('dunning/params', {
      'params.firstSubject': 'Payment failed', 'params.firstBody': 'Hi\r\nthere', 'params.retryAfter': '4 days',
      'params.reminderSubject': 'Again', 'params.reminderBody': 'Pay', 'params.webhookUrl': 'https://hooks.example.com/x', testModeEmails: 'true',
    });
    assert.equal(res.status, 303, /data-field-error="[^"]*">[^<]*|data-form-error[\s\S]{0,200}/.exec(res.text)?.[0]);
    assert.match(res.location ?? '', /notice=saved&automation=dunning/);
    const saved = (await t.h.deps.automationSettings.find(t.projectId, 'dunning'))!;
    assert.equal(saved.params.retryAfter, '4 days');
    assert.equal(saved.params.firstBody, 'Hi\nthere');
    assert.equal(saved.params.webhookUrl, 'https://hooks.example.com/x');
    assert.equal(saved.testModeEmails, true);
    assert.equal(saved.enabled, true);
    const shown = await browser.get(res.location!);
    assert.match(shown.text, /data-notice="saved"/);
    assert.match(shown.text, /Dunning&#39;s settings are saved/);
  });

  it('turning it off cancels its waiting runs', async () => {
    const run = await seedRun(t.h.deps, t.projectId, { automationId: 'dunning', email: 'late@example.com', status: 'waiting' });
    const res = await post('dunning/disable');
    assert.equal(res.status, 303);
    assert.match(res.location ?? '', /notice=disabled/);
    assert.deepEqual(t.h.orchestrator.disabledRuns, [run.workflowId]);
    assert.equal((await t.h.deps.automationSettings.find(t.projectId, 'dunning'))?.enabled, false);
  });

  it('a new webhook secret is shown once', async () => {
    const res = await post('dunning/webhook-secret');
    assert.equal(res.status, 200);
    const secret = /data-webhook-secret>([^<]+)</.exec(res.text)?.[1];
    assert.equal(await t.h.deps.automationSettings.webhookSecret(t.projectId, 'dunning'), secret);
  });

  it('refuses forms without the CSRF token', async () => {
    const res = await browser.post(`${page()}/win-back/enable`, { form: {} });
    assert.equal(res.status, 403);
    assert.equal((await t.h.deps.automationSettings.find(t.projectId, 'win-back')), undefined);
  });

  it('shows recent runs and the outbox, and a run\'s page with its steps and emails, escaped', async () => {
    const run = await seedRun(t.h.deps, t.projectId, {
      automationId: 'win-back', email: 'ada@example.com', status: 'completed', stepDetail: 'to ada: "<b>We miss you</b>"',
      outboxEmail: { subject: 'We <miss> you', text: 'Come back <script>alert(1)</script>' },
    });
    const list = await browser.get(page());
    assert.match(list.text, new RegExp(`data-run-id="${run.runId}" data-automation="win-back" data-status="completed"`));
    assert.match(list.text, /data-panel="outbox"[\s\S]*We &lt;miss&gt; you[\s\S]*data-test-mode/);
    const res = await browser.get(`${page()}/runs/${run.runId}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /<h1 data-run-id="[^"]+">Win-back run<\/h1>/);
    assert.match(res.text, /data-step="1" data-kind="email" data-status="outbox"/);
    assert.match(res.text, /to ada: &quot;&lt;b&gt;We miss you&lt;\/b&gt;&quot;/);
    assert.match(res.text, /<pre class="email-body">Come back &lt;script&gt;/);
    assert.doesNotMatch(res.text, /<script>alert/);
    assert.match(res.text, /Stripe Subscription Deleted/);
    assert.match(res.text, /completed in a test/);
  });

  it('another project\'s run is not found', async () => {
    const other = await t.h.createProject('Other');
    const theirs = await seedRun(t.h.deps, other.projectId, { automationId: 'win-back', email: 'eve@example.com', status: 'waiting' });
    const res = await browser.get(`${page()}/runs/${theirs.runId}`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 404);
    const signedOther = await t.h.signedIn(other.projectId, other.apiKey);
    const mine = await signedOther.client.get(`/projects/${other.projectId}/settings/automations`);
    assert.ok(!mine.text.includes('ada@example.com'));
    assert.ok(csrfFrom(mine.text));
  });
});
