import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DISABLED_RESULT } from '../../src/domain/automation';
import { reloadUntil, useDemoBrowser } from '../support/demo-browser';

/**
 * Automations in a real browser, in demo mode as `npm start` runs it: turn dunning on in Settings →
 * Automations (its webhook secret shown once), have a refused param named beside its field,
 * simulate a failed charge, and see the run start through a real signed webhook, the account
 * workflow and the automation's own workflow: its steps, and its email in the outbox marked test.
 * Turning dunning off then ends the waiting run through Temporal.
 */
describe('automations in a browser (Chromium, demo mode, emulator webhooks, real worker)', function () {
  this.timeout(240_000);
  const { stack, t, chromium, settingsUrl, connectWithRestrictedKey } = useDemoBrowser('automations-ui', { seed: 5, customers: 12, subscriptionsPerCustomer: 1, chargesPerCustomer: 1 });
  let page: Page;
  before(() => {
    page = chromium.page;
  });

  const automationsUrl = () => `${stack.appUrl}/projects/${t.projectId}/settings/automations`;
  const dunning = () => page.locator('[data-automation-id="dunning"]');
  const shows = (selector: string) => async () => (await page.locator(selector).count()) > 0;
  let customerEmail: string;
  let runUrl: string;

  it('connects the emulated account with its restricted key and syncs it', async () => {
    await connectWithRestrictedKey(page);
  });

  it('turns dunning on from Settings → Automations, and shows its webhook secret once', async () => {
    await page.click('nav >> text=Automations');
    await page.waitForURL(automationsUrl());
    assert.equal(await page.textContent('h1'), 'Automations');
    assert.equal(await dunning().getAttribute('data-enabled'), 'false');
    await chromium.shot('automations-off.png');
    await dunning().locator('button', { hasText: 'Turn on' }).click();
    await page.waitForSelector('[data-webhook-secret]');
    const secret = (await page.textContent('[data-webhook-secret]')) ?? '';
    assert.match(secret, /^engage_whsec_\w{32}$/);
    assert.equal(await dunning().getAttribute('data-enabled'), 'true');
    await chromium.shot('automations-secret-once.png');
    await page.goto(automationsUrl());
    assert.equal(await page.locator('[data-webhook-secret]').count(), 0);
    assert.ok(!(await page.content()).includes(secret), 'the secret is shown again');
  });

  it('names a refused param beside its field, then saves the corrected form', async () => {
    await dunning().locator('summary', { hasText: 'Settings' }).click();
    await page.fill('#dunning-firstSubject', 'Your payment of {{event.amount}} did not go through');
    await page.fill('#dunning-retryAfter', 'three days');
    await page.click('[data-params-form="dunning"] button[type=submit]');
    const error = page.locator('[data-field-error="params.retryAfter"]');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /must be a duration like "3 days"/);
    assert.equal(await page.inputValue('#dunning-retryAfter'), 'three days');
    await chromium.shot('automations-param-error.png');
    await page.fill('#dunning-retryAfter', '3 days');
    await page.click('[data-params-form="dunning"] button[type=submit]');
    await page.waitForURL(`${automationsUrl()}?notice=saved&automation=dunning`);
  });

  it('a simulated failed charge starts a dunning run within seconds, and its email waits in the outbox, marked test', async () => {
    await page.goto(settingsUrl());
    await page.click('summary:has-text("Simulate Stripe activity")');
    await page.selectOption('[data-simulate-form] select[name=action]', 'charge.fail');
    const customer = page.locator('[data-simulate-form] select[name=customer] option:not([value=""])').first();
    await page.selectOption('[data-simulate-form] select[name=customer]', (await customer.getAttribute('value'))!);
    await page.click('[data-simulate-form] button[type=submit]');
    await page.waitForURL(`${settingsUrl()}?notice=simulated&**`);
    customerEmail = ((await page.textContent('[data-simulated-customer]')) ?? '').trim();
    assert.match(customerEmail, /@/);

    await page.goto(automationsUrl());
    // the first email goes at once; then the run waits for a successful charge
    await reloadUntil(page, shows('[data-runs] tr[data-automation="dunning"][data-status="waiting"]'), 'a waiting dunning run');
    const row = page.locator('[data-runs] tr[data-automation="dunning"]');
    assert.match((await row.textContent()) ?? '', new RegExp(`${customerEmail.replace(/[.+]/g, '\\$&')}[\\s\\S]*Waiting[\\s\\S]*Test[\\s\\S]*Stripe Charge Succeeded`));
    const email = page.locator('[data-emails] tr[data-email-id]').first();
    assert.match((await email.textContent()) ?? '', /Your payment of \d+ did not go through/);
    assert.equal(await email.getAttribute('data-status'), 'outbox');
    assert.equal(await email.locator('[data-test-mode]').count(), 1);
    await chromium.shot('automations-run-and-outbox.png');
  });

  it('the run\'s page shows what set it off, its steps and its email', async () => {
    await page.locator('[data-runs] tr[data-automation="dunning"] [data-run-link]').click();
    await page.waitForSelector('h1[data-run-id]');
    runUrl = page.url();
    assert.equal(await page.textContent('h1'), 'Dunning run');
    assert.match((await page.textContent('[data-field="event"]')) ?? '', /Stripe Charge Failed · evt_\w+/);
    assert.equal(((await page.textContent('[data-field="profile"] a')) ?? '').trim(), customerEmail);
    const first = page.locator('[data-step="1"]');
    assert.equal(await first.getAttribute('data-kind'), 'email');
    assert.equal(await first.getAttribute('data-status'), 'outbox');
    assert.match((await first.textContent()) ?? '', /test mode: kept in the outbox/);
    assert.ok(await page.locator('[data-step="2"]').count(), 'the wait for a successful charge is a step');
    const mail = page.locator('[data-panel="emails"] [data-email-id]');
    assert.match((await mail.textContent()) ?? '', new RegExp(`to ${customerEmail.replace(/[.+]/g, '\\$&')}`));
    assert.match((await mail.locator('.email-body').textContent()) ?? '', /we could not take your payment/);
    await chromium.shot('automation-run.png');
  });

  it('turning dunning off ends the waiting run, canceled', async () => {
    await page.goto(automationsUrl());
    await dunning().locator('button', { hasText: 'Turn off' }).click();
    await page.waitForURL(`${automationsUrl()}?notice=disabled&automation=dunning`);
    assert.equal(await dunning().getAttribute('data-enabled'), 'false');
    await page.goto(runUrl);
    await reloadUntil(page, shows('[data-field="status"] [data-state="canceled"]'), 'the run canceled');
    assert.equal(((await page.textContent('[data-field="result"] td:last-child')) ?? '').trim(), DISABLED_RESULT);
    await chromium.shot('automation-run-canceled.png');
  });
});
