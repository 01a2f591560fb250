import assert from 'node:assert/strict';
import { createUnsubscriptionStore } from '../../db/unsubscription-store';
import { startAutomationWorld, type AutomationWorld } from '../../../test/support/automations/automation-world';
import { DAY, inspectRun, timersOf, waitRows } from '../../../test/support/automations/run-inspection';
import { waitFor } from '../../../test/support/wait';

const canceled = { id: 'sub_gone_1', status: 'canceled', nickname: 'Pro monthly' };

describe('the win-back and trial-ending automations, time skipped', function () {
  this.timeout(120_000);
  let world: AutomationWorld;

  beforeEach(async () => {
    world = await startAutomationWorld();
    await world.enable('win-back');
    await world.enable('trial-ending');
  });

  it('win-back: waits the full 14 days, then emails with an unsubscribe link', async () => {
    const [run] = await world.record('Stripe Subscription Deleted', canceled);
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'sent' });
    assert.deepEqual(await timersOf(world.env, run!.start.workflowId), [14 * DAY]);

    const [mail] = world.smtp.received;
    assert.equal(mail?.subject, 'We miss you');
    const link = /Unsubscribe: (\S+)/.exec(mail!.text)?.[1];
    assert.match(link ?? '', /^http:\/\/localhost:3000\/unsubscribe\/proj_\w+\.prof_\w+\.[\w-]+$/, 'a signed link in the text part');
    assert.equal(mail!.headers['list-unsubscribe']?.replace(/\s+/g, ''), `<${link}>`, 'and in List-Unsubscribe');
    assert.match(mail!.html, /<a href="[^"]+\/unsubscribe\/[^"]+">Unsubscribe<\/a>/);
  });

  it('win-back: an unsubscribed profile gets no email; the run shows it suppressed', async () => {
    await createUnsubscriptionStore(world.db).unsubscribe(world.projectId, world.profileId, 'link');
    const [run] = await world.record('Stripe Subscription Deleted', canceled);
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'suppressed' });
    assert.equal(world.smtp.received.length, 0);
    const { steps, emails } = await inspectRun(world.db, run!);
    assert.equal(steps.at(-1)!.status, 'suppressed');
    assert.deepEqual(emails.map((e) => e.status), ['suppressed']);
  });

  it('win-back: a new subscription within the 14 days ends it without an email', async () => {
    const [run] = await world.record('Stripe Subscription Deleted', canceled);
    await waitFor(async () => (await waitRows(world.db, run!.start.runId)).length === 1, { what: 'the wait' });
    await world.env.sleep('10 days');
    await world.record('Stripe Subscription Created', { id: 'sub_back_1', status: 'active' });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'ended: subscribed again' });
    assert.equal(world.smtp.received.length, 0);
  });

  it('trial ending: one email at once, its template filled from the event', async () => {
    const [run] = await world.record('Stripe Subscription Trial Will End', { id: 'sub_trial_1', nickname: 'Team plan', trialEnd: 1_800_000_000 });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'sent' });
    assert.deepEqual(await timersOf(world.env, run!.start.workflowId), []);
    assert.equal(world.smtp.received.length, 1);
    assert.match(world.smtp.received[0]!.text, /your trial of Team plan ends soon/);
  });

  it('an event older than the automation\'s maxEventAge (24 hours) is recorded but triggers nothing', async () => {
    const started = await world.record('Stripe Subscription Trial Will End', { id: 'sub_old' }, { occurredAt: new Date(Date.now() - 25 * 3_600_000) });
    assert.equal(started.length, 0);
    assert.equal((await world.db('profile_events').where({ profile_id: world.profileId, type: 'Stripe Subscription Trial Will End' })).length, 1);
  });
});
