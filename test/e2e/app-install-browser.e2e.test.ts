import assert from 'node:assert/strict';
import { useFullStack } from '../support/api/use-full-stack';
import { signInThroughSettings, useBrowser } from '../support/browser';

/**
 * The Stripe App install in a real browser, both ways in: "Install the Stripe App" on Settings →
 * Integrations, Install on the (emulated) Stripe page, back, and the sync finishing; then an
 * install begun on the App's Marketplace listing in a browser with no session, finished by
 * signing in with the project's API key.
 */
describe('Stripe App install in a browser (Chromium, emulator, real worker)', function () {
  this.timeout(240_000);
  const { stack, t } = useFullStack<{ id: string }>('app-browser', {
    livemode: false,
    businessName: 'Northwind Tea',
    seed: { seed: 9, customers: 300, subscriptionsPerCustomer: 1, chargesPerCustomer: 1 },
  }, {}, { app: { accessTokenLifetimeSeconds: 3600 } });
  before(() => stack.emulator.control('/_emulator/oauth/mode', { mode: 'manual' }));
  beforeEach(() => stack.emulator.control('/_emulator/oauth/next-account', { account: stack.merchant.id }));

  const chromium = useBrowser();
  const settingsUrl = () => `${stack.appUrl}/projects/${t.projectId}/settings/integrations`;

  it('installs the App from Settings → Integrations and shows the sync finishing', async () => {
    const { page } = chromium;
    await signInThroughSettings(page, stack.appUrl, t.projectId, t.apiKey);
    assert.equal((await page.textContent('[data-app-install]'))?.trim(), 'Install the Stripe App');
    await chromium.shot('app-settings-button.png');
    await page.click('[data-app-install]');
    await page.waitForURL(`${stack.emulator.url}/oauth/v2/authorize?**`);
    assert.match((await page.textContent('h1')) ?? '', /Engage App would like to be installed/);
    await chromium.shot('app-install-page.png');
    await page.click('button[name=decision][value=approve]');
    await page.waitForURL(`${settingsUrl()}?notice=connected`);
    await page.waitForSelector('[data-connection-id][data-status="active"][data-phase="done"]', { timeout: 180_000 });
    assert.match((await page.textContent('[data-connection-id] .meta')) ?? '', /via Stripe App/);
    await chromium.shot('app-installed-synced.png');
  });

  it('an install begun in Stripe, in a browser without a session, is finished by signing in to the project', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${stack.emulator.url}/apps/${stack.app!.clientId}`);
      await page.click('[data-install]');
      await page.waitForURL(`${stack.emulator.url}/oauth/v2/authorize?**`);
      await page.click('button[name=decision][value=approve]');
      await page.waitForURL(`${stack.appUrl}/integrations/stripe/app/finish?install=**`);
      assert.equal(await page.textContent('h1'), 'Finish installing the Stripe App');
      await chromium.shot('app-finish-sign-in.png', page);
      await page.fill('#apiKey', t.apiKey);
      await page.click('[data-app-install-sign-in] button[type=submit]');
      await page.waitForURL(`${settingsUrl()}?notice=reconnected`);
      assert.match((await page.textContent('[data-notice]')) ?? '', /connected again/);
      assert.equal(await page.locator('[data-connection-id]').count(), 1, 'the same account, not a second connection');
      await chromium.shot('app-finished-from-stripe.png', page);
    } finally {
      await context.close();
    }
  });
});
