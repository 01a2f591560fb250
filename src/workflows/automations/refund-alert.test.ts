import assert from 'node:assert/strict';
import { startAutomationWorld } from '../../../test/support/automations/automation-world';

describe('the refund alert automation, time skipped', function () {
  this.timeout(60_000);

  it('reports a large refund and marks the customer; a small one starts nothing', async () => {
    const world = await startAutomationWorld();
    await world.enable('refund-alert', { minimumAmount: 10_000, webhookUrl: world.hooks.url });

    assert.deepEqual(await world.record('Stripe Charge Refunded', { id: 'ch_small', amountRefunded: 500 }), []);
    const [run] = await world.record('Stripe Charge Refunded', { id: 'ch_big', amountRefunded: 25_000 });
    assert.deepEqual(await run!.result(), { status: 'completed', result: 'alert sent' });

    const alert = JSON.parse(world.hooks.received[0]!.body) as { type: string; refund: { id: string } };
    assert.deepEqual([alert.type, alert.refund.id], ['refund.large', 'ch_big']);
    const profile = await world.db('profiles').where({ id: world.profileId }).first() as { traits: Record<string, unknown> };
    assert.equal(profile.traits['refund.follow_up'], true);
  });
});
