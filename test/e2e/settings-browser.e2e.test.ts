import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useFullStack } from '../support/api/use-full-stack';
import { useBrowser } from '../support/browser';

/**
 * The whole flow in a real browser: open the settings page by another address than APP_URL's,
 * sign in, Settings → Integrations, Connect with Stripe (declined once, approved in another
 * browser once: both pages lead back), approve on the (emulated) Stripe page, come back, and
 * watch the real sync's progress bars reach done.
 */
describe('Settings → Integrations in a browser (Chromium, emulator, real worker)', function () {
  this.timeout(240_000);
  const { stack, t } = useFullStack<{ id: string; seeded: { customers: number; deletedCustomers: number } }>('browser', {
    livemode: false,
    businessName: 'Northwind Coffee',
    seed: { seed: 7, customers: 1500, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
  });
  before(async () => {
    await stack.emulator.control('/_emulator/oauth/mode', { mode: 'manual' });
    await stack.emulator.control('/_emulator/oauth/next-account', { account: stack.merchant.id });
  });

  const chromium = useBrowser();
  const shot = chromium.shot;
  let page: Page;
  before(() => {
    page = chromium.page;
  });

  const settingsUrl = () => `${stack.appUrl}/projects/${t.projectId}/settings/integrations`;

  /** The Settings → Integrations button of a message page leads back there. */
  async function followBackLink(on: Page): Promise<void> {
    const back = on.locator('a[data-back-to-settings]');
    assert.ok(await back.isVisible(), 'the message page has no visible way back');
    assert.equal((await back.textContent())?.trim(), 'Back to Settings → Integrations');
    await back.click();
  }

  it('signs in with the project API key, at APP_URL even when opened by another address', async () => {
    await page.goto(`${stack.otherUrl}/projects/${t.projectId}/settings/integrations`);
    await page.waitForURL(`${stack.appUrl}/projects/${t.projectId}/login?next=**`);
    await page.fill('#apiKey', t.apiKey);
    await page.click('[data-login-form] button[type=submit]');
    await page.waitForURL(settingsUrl());
    assert.equal(await page.textContent('h1'), 'Integrations');
  });

  it('a declined connection says so and leads back to Settings → Integrations', async () => {
    await page.click('[data-connect]');
    await page.waitForURL(`${stack.emulator.url}/oauth/authorize?**`);
    await page.click('button[name=decision][value=deny]');
    await page.waitForURL(`${stack.appUrl}/integrations/stripe/oauth/callback?**`);
    assert.equal(await page.textContent('h1'), 'Connection declined');
    await shot('oauth-declined.png');
    await followBackLink(page);
    await page.waitForURL(settingsUrl());
    assert.equal(await page.locator('[data-connection-id]').count(), 0);
  });

  it('an approval finished in another browser is refused there, with a way to the project', async () => {
    await page.click('[data-connect]');
    await page.waitForURL(`${stack.emulator.url}/oauth/authorize?**`);
    const elsewhere = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const other = await elsewhere.newPage();
      await other.goto(page.url());
      await other.click('button[name=decision][value=approve]');
      await other.waitForURL(`${stack.appUrl}/integrations/stripe/oauth/callback?**`);
      assert.match((await other.textContent('main')) ?? '', /started in another browser session/);
      await shot('oauth-other-session.png', other);
      await followBackLink(other);
      await other.waitForURL(`${stack.appUrl}/projects/${t.projectId}/login?next=**`);
    } finally {
      await elsewhere.close();
    }
    assert.equal(await t.db('stripe_connections').count('* as n').then((r) => Number(r[0]!.n)), 0);
    await page.goto(settingsUrl());
  });

  it('connects with Stripe: Connect, approve on Stripe\'s page, and back', async () => {
    // the approval in the other browser took the prepared account
    await stack.emulator.control('/_emulator/oauth/next-account', { account: stack.merchant.id });
    await page.click('[data-connect]');
    await page.waitForURL(`${stack.emulator.url}/oauth/authorize?**`);
    assert.match(await page.textContent('h1') ?? '', /Engage/);
    await page.click('button[name=decision][value=approve]');
    await page.waitForURL(`${settingsUrl()}?notice=connected`);
    assert.match(await page.textContent('[data-notice]') ?? '', /Stripe is connected/);
    assert.equal(await page.locator('[data-connection-id]').count(), 1);
    assert.equal(await page.textContent('[data-test-badge]'), 'Test mode');
    await shot('settings-connected.png');
  });

  it('shows the sync\'s progress per object type until it is done', async () => {
    const card = page.locator('[data-connection-id]');
    // the page updates itself (polling); catch it mid-way when the sync is slow enough to be seen
    const firstSight = await page.waitForFunction(() => {
      const el = document.querySelector('[data-connection-id]');
      if (el?.getAttribute('data-status') === 'active') return 'done';
      const widths = Array.from(el?.querySelectorAll<HTMLElement>('.fill') ?? []).map((f) => parseFloat(f.style.width) || 0);
      return widths.some((w) => w > 0) && widths.some((w) => w < 100) ? 'partial' : false;
    }, undefined, { timeout: 180_000, polling: 100 });
    if ((await firstSight.jsonValue()) === 'partial') await shot('settings-syncing.png');
    // and re-renders when the status changes
    await page.waitForSelector('[data-connection-id][data-status="active"][data-phase="done"]', { timeout: 180_000 });
    for (const type of ['customers', 'subscriptions', 'charges']) {
      const box = card.locator(`[data-object="${type}"]`);
      assert.match((await box.getAttribute('class')) ?? '', /\bdone\b/, `${type} bar is not done`);
      assert.equal(await box.locator('.fill').evaluate((el) => (el as HTMLElement).style.width), '100%');
    }
    const customers = Number(((await card.locator('[data-object="customers"] [data-count]').textContent()) ?? '').replace(/,/g, ''));
    assert.equal(customers, stack.merchant.seeded.customers - stack.merchant.seeded.deletedCustomers);
    assert.match((await card.locator('[data-phase-label]').textContent()) ?? '', /Sync complete/);
    assert.equal(await card.locator('[data-status-badge]').textContent(), 'Active');
    await shot('settings-sync-done.png');
  });

  it('lists the imported customers, with the Stripe segments', async () => {
    await page.click('nav >> text=Customers');
    await page.waitForURL(`${stack.appUrl}/projects/${t.projectId}/customers`);
    assert.ok((await page.locator('[data-customer-id]').count()) > 0);
    assert.match((await page.textContent('.tabs')) ?? '', /Active Stripe Subscribers/);
    await shot('customers.png');
    await page.locator('[data-customer-id] a').first().click();
    await page.waitForSelector('[data-trait="stripe.customer_id"]');
    await shot('customer.png');
  });
});
