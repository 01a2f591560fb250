import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { deadEvent } from '../support/api/dead-event';
import { reloadUntil, useDemoBrowser } from '../support/demo-browser';

/**
 * Live Stripe activity in a real browser, in demo mode as `npm start` runs it: connect the
 * emulated account with its restricted key (which registers our webhook endpoint there), simulate
 * a failed charge from Settings → Integrations, and watch it reach the customer's timeline through
 * a real signed webhook, the inbox and the account workflow. Then a dead event is skipped.
 */
describe('live Stripe activity in a browser (Chromium, demo mode, emulator webhooks, real worker)', function () {
  this.timeout(240_000);
  const { t, chromium, settingsUrl, connectWithRestrictedKey } = useDemoBrowser('live-ui', { seed: 11, customers: 40, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 });
  let page: Page;
  before(() => {
    page = chromium.page;
  });

  const card = () => page.locator('[data-connection-id]');
  /** The customer's page, reloaded until the account workflow has recorded these entries (it is server-rendered). */
  async function timelineShows(names: string[]): Promise<void> {
    await reloadUntil(page, async () => (await Promise.all(names.map((n) => page.locator(`[data-event-name="${n}"]`).count()))).every(Boolean),
      `${names.join(', ')} on the timeline`);
  }
  async function simulate(action: string, customerId: string): Promise<void> {
    await page.goto(settingsUrl());
    await page.click('summary:has-text("Simulate Stripe activity")');
    await page.selectOption('[data-simulate-form] select[name=action]', action);
    await page.selectOption('[data-simulate-form] select[name=customer]', customerId);
    await page.click('[data-simulate-form] button[type=submit]');
    await page.waitForURL(`${settingsUrl()}?notice=simulated&**`);
  }
  let customerId: string;
  const count = async (key: string) => Number(((await card().locator(`[data-webhook="${key}"] [data-n]`).textContent()) ?? '').replace(/,/g, ''));

  it('connects the emulated account with its restricted key and syncs it', async () => {
    await connectWithRestrictedKey(page);
    assert.equal(await count('dead'), 0);
    assert.ok(await page.locator('summary', { hasText: 'Simulate Stripe activity' }).isVisible());
  });

  it('simulates a failed charge for a chosen customer, and the customer\'s timeline shows it within seconds', async () => {
    await page.click('summary:has-text("Simulate Stripe activity")');
    await page.selectOption('[data-simulate-form] select[name=action]', 'charge.fail');
    const customer = page.locator('[data-simulate-form] select[name=customer] option:not([value=""])').first();
    customerId = (await customer.getAttribute('value'))!;
    const label = ((await customer.textContent()) ?? '').trim();
    await page.selectOption('[data-simulate-form] select[name=customer]', customerId);
    await chromium.shot('live-settings-simulate.png');
    await page.click('[data-simulate-form] button[type=submit]');
    await page.waitForURL(`${settingsUrl()}?notice=simulated&**`);
    const notice = (await page.textContent('[data-notice="simulated"]')) ?? '';
    assert.match(notice, /Simulated Charge failed ch_\w+ for /);
    assert.ok(label.startsWith(((await page.textContent('[data-simulated-customer]')) ?? '').trim()), `the notice names ${label}`);

    // the page's own polling shows the webhook arriving
    await page.waitForFunction(() => Number(document.querySelector('[data-webhook="received"] [data-n]')?.textContent) > 0, undefined, { timeout: 60_000 });
    assert.match((await card().locator('[data-last-event-wrap]').textContent()) ?? '', /Last event (just now|\d+ minutes? ago)/);
    await chromium.shot('live-settings-counts.png');

    await page.click('[data-simulated-customer]');
    await page.waitForSelector('[data-panel="timeline"]');
    await timelineShows(['Stripe Charge Failed']);
    const entry = page.locator('[data-event-name="Stripe Charge Failed"]').first();
    assert.match((await entry.textContent()) ?? '', /\$20\.00 · Your card was declined\. · card_declined/);
    assert.match((await page.locator('[data-panel="charges"] [data-charge-id]').first().textContent()) ?? '', /\$20\.00\s*Failed/, 'the mirror has the new charge');
  });

  it('a plan switch and a refund for the same customer read in words on its timeline, beside its subscriptions and charges', async () => {
    const customerPage = page.url();
    await simulate('subscription.switch_plan', customerId);
    await simulate('charge.refund', customerId);
    await page.goto(customerPage);
    await timelineShows(['Stripe Subscription Updated', 'Stripe Charge Refunded']);
    assert.match((await page.locator('[data-event-name="Stripe Subscription Updated"]').first().textContent()) ?? '', /Plan: price_\w+ → price_\w+/);
    assert.match((await page.locator('[data-event-name="Stripe Charge Refunded"]').first().textContent()) ?? '', /\$\d+\.\d\d refunded of \$\d+\.\d\d/);
    assert.ok(await page.locator('[data-panel="subscriptions"] [data-subscription-id]').count() > 0);
    assert.ok(await page.locator('[data-panel="charges"] [data-state="refunded"]').count() > 0);
    await chromium.shot('live-customer-timeline.png');
  });

  it('lists a dead event with Retry and Skip; Skip sets it aside', async () => {
    const [connection] = await t.h.deps.connections.listByProject(t.projectId);
    await deadEvent(t.db, connection!.id, 'evt_browser_dead', 'Stripe refused a request: No such charge: \'ch_gone\'');
    await page.goto(settingsUrl());
    const row = page.locator('[data-dead-event="evt_browser_dead"]');
    assert.match((await row.textContent()) ?? '', /charge\.failed[\s\S]*No such charge: 'ch_gone'/);
    assert.equal(await count('dead'), 1);
    await chromium.shot('live-settings-dead-event.png');
    await row.locator('button', { hasText: 'Skip' }).click();
    await page.waitForURL(`${settingsUrl()}?notice=event_skipped&event=evt_browser_dead`);
    assert.equal(await page.locator('[data-dead-event]').count(), 0);
    assert.equal(await count('dead'), 0);
  });
});
