import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startAutomationWorld, type AutomationWorld } from '../../../test/support/automations/automation-world';
import { DAY, inspectRun, timersOf, waitRows } from '../../../test/support/automations/run-inspection';
import { waitFor } from '../../../test/support/wait';

const failure = { id: 'ch_failed_1', amount: 2500, currency: 'eur', failureMessage: 'Your card was declined.' };

describe('the dunning automation, time skipped', function () {
  this.timeout(120_000);
  let world: AutomationWorld;

  beforeEach(async () => {
    world = await startAutomationWorld();
    await world.enable('dunning', { webhookUrl: world.hooks.url });
  });

  it('emails at once, waits the full 3 days, then reminds and calls the signed webhook', async () => {
    const [run] = await world.record('Stripe Charge Failed', failure);
    assert.ok(run, 'a failed charge starts one dunning run');
    assert.equal(run.start.workflowId, `automation:${world.projectId}:dunning:${run.start.workflowId.split(':').pop()}`);

    assert.deepEqual(await run.result(), { status: 'completed', result: 'reminder sent' });
    assert.deepEqual(await timersOf(world.env, run.start.workflowId), [3 * DAY], 'the wait is the 3 days the automation says');

    const subjects = world.smtp.received.map((m) => m.subject);
    assert.deepEqual(subjects, ['Your payment did not go through', 'Reminder: your payment is still outstanding']);
    assert.ok(world.smtp.received.every((m) => m.to.join() === world.email && m.from.includes('billing@shop.example')));
    assert.match(world.smtp.received[0]!.text, /Your card was declined\./, 'the template filled in the event');

    assert.equal(world.hooks.received.length, 1);
    const [hook] = world.hooks.received;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hook!.headers['engage-signature']))!;
    assert.equal(v1, createHmac('sha256', 'engage_whsec_test_secret').update(`${t}.${hook!.body}`).digest('hex'), 'signed over "t.body"');
    assert.equal((JSON.parse(hook!.body) as { charge: { id: string } }).charge.id, 'ch_failed_1');

    const { ledger, steps, emails } = await inspectRun(world.db, run);
    assert.equal(ledger.status, 'completed');
    assert.deepEqual(steps.map((s) => [s.kind, s.status]), [['email', 'sent'], ['wait for event', 'timed out'], ['email', 'sent'], ['webhook', 'done']]);
    assert.deepEqual(emails.map((e) => e.status), ['sent', 'sent']);
    const timeline = await world.db('profile_events').where({ profile_id: world.profileId, type: 'Email Sent', source: 'automation' });
    assert.equal(timeline.length, 2, 'each sent email is on the timeline');
  });

  it('ends early when a charge succeeds within the 3 days', async () => {
    const [run] = await world.record('Stripe Charge Failed', failure);
    await waitFor(async () => (await waitRows(world.db, run!.start.runId)).length === 1, { what: 'the run to wait for a successful charge' });
    await world.env.sleep('1 day');
    const woke = await world.record('Stripe Charge Succeeded', { id: 'ch_paid_1', amount: 2500, currency: 'eur' });
    assert.equal(woke.length, 0, 'a successful charge starts no dunning');

    assert.deepEqual(await run!.result(), { status: 'completed', result: 'ended: paid: ch_paid_1' });
    assert.equal(world.smtp.received.length, 1, 'no reminder');
    assert.equal(world.hooks.received.length, 0);
    assert.equal((await waitRows(world.db, run!.start.runId)).length, 0, 'the wait is cleared');
  });

  it('finds a success recorded before its wait began (events processed out of order)', async () => {
    const failedAt = new Date(Date.now() - 60_000);
    await world.record('Stripe Charge Succeeded', { id: 'ch_paid_2' }, { occurredAt: new Date(failedAt.getTime() + 5_000) });
    const [run] = await world.record('Stripe Charge Failed', failure, { occurredAt: failedAt });

    assert.deepEqual(await run!.result(), { status: 'completed', result: 'ended: paid: ch_paid_2' });
    assert.deepEqual(await timersOf(world.env, run!.start.workflowId), [], 'it never had to wait');
    const { steps } = await inspectRun(world.db, run!);
    assert.deepEqual(steps.map((s) => s.status), ['sent', 'matched']);
  });

  it('switched off while it waits, it ends canceled at once and sends nothing more', async () => {
    const [run] = await world.record('Stripe Charge Failed', failure);
    await waitFor(async () => (await waitRows(world.db, run!.start.runId)).length === 1, { what: 'the wait' });
    await world.db('automation_settings').where({ project_id: world.projectId, automation_id: 'dunning' }).update({ enabled: false });
    await world.env.client.workflow.getHandle(run!.start.workflowId).signal('automationDisabled');

    assert.deepEqual(await run!.result(), { status: 'canceled', result: 'canceled: automation disabled' });
    assert.equal(world.smtp.received.length, 1);
    const { ledger, steps } = await inspectRun(world.db, run!);
    assert.equal(ledger.result, 'canceled: automation disabled');
    assert.equal(steps.at(-1)!.status, 'canceled');
  });
});
