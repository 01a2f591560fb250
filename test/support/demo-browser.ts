import type { Page } from 'playwright-core';
import { useFullStack } from './api/use-full-stack';
import { signInThroughSettings, useBrowser } from './browser';
import { waitFor } from './wait';

export interface DemoMerchant { id: string; secretKey: string }

/**
 * The product as `npm start` runs it (demo mode, emulator webhooks, a real worker), a test-mode
 * merchant seeded with `seed`, and Chromium, for one suite.
 */
export function useDemoBrowser(label: string, seed: { seed: number; customers: number; subscriptionsPerCustomer: number; chargesPerCustomer: number }) {
  const { stack, t } = useFullStack<DemoMerchant>(label, { livemode: false, businessName: 'Northwind Coffee', seed }, { demoMode: true });
  const chromium = useBrowser();
  const settingsUrl = () => `${stack.appUrl}/projects/${t.projectId}/settings/integrations`;

  /** Signs in, connects the merchant with its restricted key (registering our webhook endpoint there) and waits out the first sync. */
  async function connectWithRestrictedKey(page: Page): Promise<void> {
    await signInThroughSettings(page, stack.appUrl, t.projectId, t.apiKey);
    await page.fill('#secretKey', stack.merchant.secretKey);
    await page.click('[data-api-key-form] button[type=submit]');
    await page.waitForURL(`${settingsUrl()}?notice=connected`);
    await page.waitForSelector('[data-connection-id][data-status="active"][data-phase="done"]', { timeout: 180_000 });
  }

  return { stack, t, chromium, settingsUrl, connectWithRestrictedKey };
}

/** Reloads a server-rendered page until `shown` holds (what the worker writes appears on the next render). */
export const reloadUntil = (page: Page, shown: () => Promise<boolean>, what: string): Promise<true> =>
  waitFor(async () => {
    if (await shown()) return true;
    await page.reload();
    return false;
  }, { what, timeoutMs: 60_000, intervalMs: 500 });
