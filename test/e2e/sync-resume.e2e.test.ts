import assert from 'node:assert/strict';
import { createSyncCheckpointStore } from '../../src/db/sync-checkpoint-store';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { expectedProfiles } from '../sync/oracle';
import { SYNCED_LISTS, connect, createSeededAccount, rawObjects, requestLog, startSyncEnv, startSync, workerEnv, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles } from '../sync/synced-state';
import { spawnWorkerProcess } from '../support/worker';
import { waitFor } from '../support/wait';

const CONCURRENCY = 4;

describe('a worker process killed in the middle of the sync', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
  });

  it('is resumed by another worker from the committed checkpoints: exact counts, no duplicates, no page read twice but the lost ones', async () => {
    const account = await createSeededAccount(env, { seed: 7, customers: 2_000 });
    // A slower budget than the default, so that the kill lands well inside the sync.
    const connection = await connect(env, account, { mode: 'api_key', rateBudget: { global: 8, perEndpoint: 8 } });
    const first = spawnWorkerProcess(workerEnv(env));
    // Continue-as-new is forced often, so the kill also tests state carried across runs.
    const handle = await startSync(env, connection, { concurrency: CONCURRENCY, continueAsNewAfterEvents: 60 });
    const syncRunId = () => env.db('sync_runs').where({ connection_id: connection.id }).first().then((r) => r?.id as string | undefined);
    const runId = await waitFor(syncRunId, { timeoutMs: 60_000, what: 'the sync run' });
    const checkpoints = createSyncCheckpointStore(env.db);
    const committedPages = async () => (await checkpoints.listForRun(runId)).reduce((n, c) => n + c.pages, 0);
    // the kill must find a slice half done, to prove that it goes on from its cursor
    const halfDone = async () => (await checkpoints.listForRun(runId)).some((c) => !c.done && c.cursor);
    await waitFor(async () => (await committedPages()) >= 20 && (await halfDone()), { timeoutMs: 90_000, intervalMs: 50, what: '20 committed pages, a slice half done' });

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const atKill = await checkpoints.listForRun(runId);
    const pagesAtKill = atKill.reduce((n, c) => n + c.pages, 0);
    assert.ok(atKill.some((c) => !c.done && c.cursor), 'the kill left slices half done');

    spawnWorkerProcess(workerEnv(env));
    const result = (await handle.result()) as StripeSyncResult;

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.deepEqual(result.counts, expected.counts, 'exact counts');
    assert.ok(result.continuedAsNew >= 1, `continued as new ${result.continuedAsNew}×`);
    const run = await env.db('sync_runs').where({ id: runId }).first();
    assert.deepEqual(run.counts, expected.counts, 'the run row too: no page counted twice');
    for (const [table, n] of [['stripe_customers', expected.counts.customers], ['stripe_subscriptions', expected.counts.subscriptions], ['stripe_charges', expected.counts.charges]] as const) {
      assert.equal(Number((await env.db(table).where({ connection_id: connection.id }).count({ n: '*' }))[0]!.n), n, table);
    }
    const profiles = await syncedProfiles(env.db, connection.projectId);
    assert.equal(profiles.size, expected.profiles.size, 'no duplicate profiles');
    for (const [key, want] of expected.profiles) assert.deepEqual(profiles.get(key)?.traits, want.traits, key);

    // Resumed, not restarted: after the kill, Stripe was asked only for what was not committed.
    const lists = (await requestLog(env, account.id)).filter((r) => SYNCED_LISTS.has(r.endpoint ?? ''));
    const afterKill = lists.filter((r) => r.time >= killedAt);
    const totalPages = await committedPages();
    assert.ok(afterKill.length > 0);
    assert.ok(lists.length <= totalPages + CONCURRENCY,
      `list requests ${lists.length} ≤ committed pages ${totalPages} + pages lost in flight (≤ ${CONCURRENCY})`);
    assert.ok(afterKill.length <= totalPages - pagesAtKill + CONCURRENCY,
      `after the kill: ${afterKill.length} requests for ${totalPages - pagesAtKill} remaining pages (a restart would need ${totalPages})`);
    // Where the log records query strings, each half-done slice must have continued from its cursor.
    const queries = afterKill.map((r) => r.query ?? (r.path.includes('?') ? r.path.split('?')[1]! : undefined));
    if (queries.some((q) => q !== undefined)) {
      for (const c of atKill.filter((k) => !k.done && k.cursor)) {
        assert.ok(queries.some((q) => q?.includes(`starting_after=${c.cursor}`)), `slice ${c.sliceId} continued after ${c.cursor}`);
      }
    }
    console.log(`      killed after ${pagesAtKill} of ${totalPages} pages; ${afterKill.length} list requests after the kill; resumed in ${Date.now() - killedAt} ms; continued as new ${result.continuedAsNew}×`);
  });
});
