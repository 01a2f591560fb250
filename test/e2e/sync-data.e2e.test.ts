import assert from 'node:assert/strict';
import type { WorkflowHandle } from '@temporalio/client';
import { createSyncRunStore } from '../../src/db/sync-run-store';
import { defaultRateBudget } from '../../src/domain/connection';
import type { SyncRun } from '../../src/domain/sync-run';
import { SyncPhaseAttribute } from '../../src/temporal/search-attributes';
import { stripeSyncProgressQuery, type StripeSyncProgress, type StripeSyncResult } from '../../src/workflows/messages';
import { expectedProfiles, expectedSegments } from '../sync/oracle';
import { busiestSecond, connect, createSeededAccount, rawObjects, requestLog, startInProcessWorker, startSync, startSyncEnv, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles, syncedSegments } from '../sync/synced-state';

/** Samples what the API (sync_runs) and ops (the progress query) see, until the sync ends. */
async function watchProgress(env: SyncEnv, handle: WorkflowHandle, connectionId: string) {
  const runs: SyncRun[] = [];
  const queries: StripeSyncProgress[] = [];
  let finished = false;
  const ended = handle.result().finally(() => (finished = true));
  ended.catch(() => undefined);
  while (!finished) {
    const run = await createSyncRunStore(env.db).latestForConnection(connectionId);
    if (run) runs.push(run);
    queries.push(await handle.query(stripeSyncProgressQuery).catch(() => undefined as never));
    await Promise.race([ended.catch(() => undefined), new Promise((r) => setTimeout(r, 250))]);
  }
  return { runs, queries: queries.filter(Boolean) };
}

describe('first sync: every profile checked against an independent oracle', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
    await startInProcessWorker(env);
  });

  it('2,000 seeded customers: counts, every trait of every profile and both segments match', async () => {
    const account = await createSeededAccount(env, { seed: 42, customers: 2_000 });
    const connection = await connect(env, account, { mode: 'oauth' });
    const started = Date.now();
    const handle = await startSync(env, connection);
    const progress = await watchProgress(env, handle, connection.id);
    const result = (await handle.result()) as StripeSyncResult;
    const requests = (await requestLog(env, account.id, started)).filter((r) => r.path.startsWith('/v1/'));
    const busiest = busiestSecond(requests);
    console.log(`      synced ${JSON.stringify(result.counts)} in ${Date.now() - started} ms: ${requests.length} requests, ` +
      `busiest second ${busiest.global} (budget ${defaultRateBudget(false).global}/s)`);
    assert.ok(busiest.global <= defaultRateBudget(false).global);

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.ok(expected.counts.customers >= 1_900, `seeded enough: ${expected.counts.customers}`);
    assert.deepEqual(result.counts, expected.counts);

    const run = await createSyncRunStore(env.db).get(result.syncRunId);
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.counts, expected.counts);
    assert.deepEqual(run.totals, expected.counts, 'totals are exact at the end');
    assert.ok(progress.runs.some((r) => ['customers', 'subscriptions', 'charges'].includes(r.phase) && (r.totals.charges ?? 0) > 0),
      'while copying, sync_runs shows the phase and estimated totals');
    assert.ok(progress.queries.some((q) => q.counts.customers > 0 && q.slices.running > 0), 'the progress query shows live counts');
    assert.equal((await handle.describe()).typedSearchAttributes.get(SyncPhaseAttribute), 'done');
    assert.equal((await env.connections.get(connection.id)).status, 'active');

    const actual = await syncedProfiles(env.db, connection.projectId);
    assert.deepEqual([...actual.keys()].sort(), [...expected.profiles.keys()].sort(), 'the same profiles, by identity');
    for (const [key, want] of expected.profiles) {
      const got = actual.get(key)!;
      assert.deepEqual(got.traits, want.traits, `traits of ${key}`);
      assert.equal(got.email, want.email, `email of ${key}`);
      assert.deepEqual(got.customerIds, want.customerIds, `links of ${key}`);
    }

    const now = new Date();
    assert.deepEqual(await syncedSegments(env.db, connection.projectId, now), expectedSegments(expected, now));
    assert.equal(Number((await env.db('profile_events').where({ project_id: connection.projectId }).count({ n: '*' }))[0]!.n), 0, 'no feed events from a first sync');
  });
});
