import assert from 'node:assert/strict';
import { startAutomationWorld } from '../../../test/support/automations/automation-world';
import { inspectRun } from '../../../test/support/automations/run-inspection';

const trialEnds = { id: 'sub_trial_2', nickname: 'Pro' };

describe('automation delivery rules, time skipped', function () {
  this.timeout(120_000);

  it('a test-mode event never emails a real person: the email stays in the outbox, marked test', async () => {
    const world = await startAutomationWorld();
    await world.enable('trial-ending');
    const [run] = await world.record('Stripe Subscription Trial Will End', trialEnds, { livemode: false });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'outbox' });
    assert.equal(world.smtp.received.length, 0, 'nothing over SMTP');
    const { ledger, emails, steps } = await inspectRun(world.db, run!);
    assert.equal(ledger.testMode, true);
    assert.deepEqual(emails.map((e) => [e.status, e.transport, e.testMode]), [['outbox', 'outbox', true]]);
    assert.match(steps[0]!.detail, /test mode: kept in the outbox/);
  });

  it('a project that opted in gets test-mode emails over SMTP', async () => {
    const world = await startAutomationWorld();
    await world.enable('trial-ending', {}, { testModeEmails: true });
    const [run] = await world.record('Stripe Subscription Trial Will End', trialEnds, { livemode: false });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'sent' });
    assert.equal(world.smtp.received.length, 1);
  });

  it('a webhook to a private address is refused, and the run goes on', async () => {
    const world = await startAutomationWorld({ allowPrivateUrls: false });
    await world.enable('dunning', { webhookUrl: world.hooks.url });
    const [run] = await world.record('Stripe Charge Failed', { id: 'ch_private' });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'reminder sent' });
    assert.equal(world.hooks.received.length, 0, 'nothing reached the loopback endpoint');
    const { steps } = await inspectRun(world.db, run!);
    const webhook = steps.find((s) => s.kind === 'webhook')!;
    assert.equal(webhook.status, 'refused');
    assert.match(webhook.detail, /127\.0\.0\.1.*private or loopback/);
  });

  it('a webhook answered 500 is retried with backoff until it is delivered', async () => {
    const world = await startAutomationWorld();
    await world.enable('dunning', { webhookUrl: world.hooks.url });
    world.hooks.answers.push(500, 503);
    const [run] = await world.record('Stripe Charge Failed', { id: 'ch_retry' });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'reminder sent' });
    assert.equal(world.hooks.received.length, 3);
    const webhook = (await inspectRun(world.db, run!)).steps.find((s) => s.kind === 'webhook')!;
    assert.deepEqual([webhook.status, webhook.attempts], ['done', 3]);
    assert.match(webhook.detail, /HTTP 200 after 3 attempts/);
  });
});
