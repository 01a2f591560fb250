import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/infra/paths';

/** Where browser tests leave their screenshots. */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface TestBrowser {
  browser: Browser;
  /** one page (1280×900) for the suite */
  page: Page;
  /** a full-page screenshot in test-artifacts/ */
  shot: (name: string, of?: Page) => Promise<unknown>;
}

/** Registers hooks that start Chromium (/usr/bin/chromium) for the suite and close it after. */
export function useBrowser(): TestBrowser {
  const fixture = {} as TestBrowser;
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fixture.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    fixture.page = await fixture.browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(() => fixture.browser?.close());
  // Chromium under load now and then refuses a capture, so once more
  fixture.shot = (name, of = fixture.page) => {
    const take = () => of.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
    return take().catch(take);
  };
  return fixture;
}

/** Signs in to the project's pages with its API key, starting from its settings page. */
export async function signInThroughSettings(page: Page, appUrl: string, projectId: string, apiKey: string): Promise<void> {
  await page.goto(`${appUrl}/projects/${projectId}/settings/integrations`);
  await page.waitForURL(`${appUrl}/projects/${projectId}/login?next=**`);
  await page.fill('#apiKey', apiKey);
  await page.click('[data-login-form] button[type=submit]');
  await page.waitForURL(`${appUrl}/projects/${projectId}/settings/integrations`);
}
