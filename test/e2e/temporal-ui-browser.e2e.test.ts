import assert from 'node:assert/strict';
import { stripeSyncProgressQuery } from '../../src/workflows/messages';
import { useBrowser } from '../support/browser';
import { onCleanup } from '../support/cleanup';
import { waitFor } from '../support/wait';
import { connect, createSeededAccount, startInProcessWorker, startSync, startSyncEnv, type SyncEnv } from '../sync/sync-harness';

/**
 * What an on-call person sees: the Temporal Web UI served by this test's own dev server finds the
 * sync by its Stripe account, and its page explains it without reading code.
 */
describe('the Temporal Web UI explains a sync (Chromium, the test\'s own dev server)', function () {
  this.timeout(240_000);
  const chromium = useBrowser();
  let env: SyncEnv;
  let ui: string;
  before(async () => {
    env = await startSyncEnv({ temporalUi: true });
    ui = env.temporal.server.uiUrl!.replace('localhost', '127.0.0.1');
    await waitFor(() => fetch(ui).then((r) => r.ok, () => false), { what: 'the Web UI', timeoutMs: 60_000 });
    await startInProcessWorker(env);
  });

  it('finds the sync by StripeAccountId, and shows its summary and live details', async () => {
    const account = await createSeededAccount(env, { seed: 31, customers: 1_000 });
    // A small budget keeps the sync running while the browser looks at it.
    const connection = await connect(env, account, { mode: 'api_key', accountName: 'Acme Coffee', rateBudget: { global: 1, perEndpoint: 1 } });
    const sync = await startSync(env, connection);
    onCleanup(() => sync.terminate('the test has seen it').catch(() => undefined));
    await waitFor(async () => (await sync.query(stripeSyncProgressQuery)).counts.customers >= 100, { what: 'customers copied', timeoutMs: 90_000 });

    const { page } = chromium;
    const query = `StripeAccountId="${account.id}"`;
    await page.goto(`${ui}/namespaces/${env.temporal.namespace}/workflows?query=${encodeURIComponent(query)}`);
    const row = page.getByRole('link', { name: `stripe-sync:${connection.id}` });
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('link', { name: `stripe-account:${connection.id}` }).count(), 1, 'the account workflow is found too');
    await chromium.shot('temporal-ui-search.png');

    await row.click();
    await page.getByText('User Metadata', { exact: true }).first().click();
    // The UI renders summaries and details as markdown in sandboxed frames.
    const shown = (pattern: RegExp, what: string) => waitFor(async () => {
      const texts = await Promise.all(page.frames().map((f) => f.locator('body').innerText().catch(() => '')));
      return texts.find((text) => pattern.test(text));
    }, { what, timeoutMs: 30_000 });
    await shown(new RegExp(`Stripe sync · Acme Coffee · ${account.id} · test mode`), 'the summary');
    await shown(new RegExp(`Connection ${connection.id} of project ${connection.projectId}`), 'the static details');
    const details = await shown(/customers [\d,]+ \/ ~[\d,]+ · subscriptions [\d,]+ \/ ~[\d,]+ · charges/, 'the current details');
    assert.match(details, /budget: 1 req\/s/);
    assert.match(details, /slices: \d+ of \d+ done, \d+ running/);
    await page.getByText(/customers \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d, page \d+/).first().waitFor();
    assert.equal((await sync.describe()).status.name, 'RUNNING', 'seen live, while it syncs');
    await chromium.shot('temporal-ui-sync.png');
  });
});
