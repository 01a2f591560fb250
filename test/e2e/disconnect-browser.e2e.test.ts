import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useFullStack } from '../support/api/use-full-stack';
import { signInThroughSettings, useBrowser } from '../support/browser';

/**
 * Disconnect and reconnect in a real browser: a synced connection is disconnected from Settings →
 * Integrations keeping its data, the card says so, Reconnect goes through Stripe's page again, and
 * the resync runs to the end.
 */
describe('Disconnect and Reconnect in a browser (Chromium, emulator, real worker)', function () {
  this.timeout(240_000);
  const { stack, t } = useFullStack<{ id: string }>('disconnect-browser', {
    livemode: false,
    businessName: 'Roundtrip Roasters',
    seed: { seed: 21, customers: 300, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  }, {}, { connectWebhooks: true });
  const chromium = useBrowser();
  const page = (): Page => chromium.page;
  const card = () => page().locator('[data-connection-id]');
  const settingsUrl = () => `${stack.appUrl}/projects/${t.projectId}/settings/integrations`;

  /** On the emulated Stripe page: approve, connecting the merchant's account. */
  async function approveOnStripe(): Promise<void> {
    await stack.emulator.control('/_emulator/oauth/next-account', { account: stack.merchant.id });
    await page().waitForURL(`${stack.emulator.url}/oauth/authorize?**`);
    await page().click('button[name=decision][value=approve]');
  }

  const syncDone = () => page().waitForSelector('[data-connection-id][data-status="active"][data-phase="done"]', { timeout: 180_000 });

  before(async () => {
    await stack.emulator.control('/_emulator/oauth/mode', { mode: 'manual' });
    await signInThroughSettings(page(), stack.appUrl, t.projectId, t.apiKey);
    await page().click('[data-connect]');
    await approveOnStripe();
    await page().waitForURL(`${settingsUrl()}?notice=connected`);
    await syncDone();
  });

  it('Disconnect, keeping the data: the card says Disconnected, with when, and offers Reconnect', async () => {
    await page().click('[data-disconnect] summary');
    assert.ok(await page().isChecked('[data-disconnect-form] input[name=data][value=keep]'), 'keeping the data is the default');
    await page().click('[data-disconnect-form] button[type=submit]');
    await page().waitForURL(`${settingsUrl()}?notice=disconnected`);
    assert.match((await page().textContent('[data-notice]')) ?? '', /Stripe is disconnected/);
    assert.equal(await card().getAttribute('data-status'), 'disconnected');
    assert.equal(await card().locator('[data-status-badge]').textContent(), 'Disconnected');
    assert.match((await card().locator('[data-disconnected]').textContent()) ?? '', /Disconnected on \w{3} \d{1,2}, \d{4}/);
    assert.ok(await card().locator('[data-reconnect]').isVisible());
    await chromium.shot('settings-disconnected.png');
    const profiles = Number((await t.db('profiles').where({ project_id: t.projectId }).count('* as n'))[0]!.n);
    assert.ok(profiles > 0, 'the customers stay');
  });

  it('Reconnect goes through Stripe again and the resync runs to the end', async () => {
    await card().locator('[data-reconnect]').click();
    await approveOnStripe();
    await page().waitForURL(`${settingsUrl()}?notice=reconnected`);
    await syncDone();
    assert.equal(await card().locator('[data-status-badge]').textContent(), 'Active');
    assert.match((await card().locator('[data-phase-label]').textContent()) ?? '', /Sync complete/);
    assert.equal(await page().locator('[data-connection-id]').count(), 1, 'the same connection, not a second one');
    await chromium.shot('settings-reconnected.png');
  });
});
