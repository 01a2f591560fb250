import assert from 'node:assert/strict';
import { createSyncCheckpointStore } from '../../src/db/sync-checkpoint-store';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { expectedProfiles } from '../sync/oracle';
import { connect, createSeededAccount, rawObjects, startSync, startSyncEnv, workerEnv, type SyncEnv } from '../sync/sync-harness';
import { syncedProfiles } from '../sync/synced-state';
import { spawnWorkerProcess } from '../support/worker';
import { waitFor } from '../support/wait';

describe('a sync while its Temporal server and PostgreSQL restart (private stack)', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv({ privateStack: true });
  });

  it('carries on after each restart and ends with exact counts and profiles', async () => {
    const account = await createSeededAccount(env, { seed: 21, customers: 1_000 });
    // A slow budget keeps the sync running across both restarts.
    const connection = await connect(env, account, { mode: 'api_key', rateBudget: { global: 8, perEndpoint: 8 } });
    spawnWorkerProcess(workerEnv(env));
    const handle = await startSync(env, connection, { concurrency: 4 });
    const runId = await waitFor(
      () => env.db('sync_runs').where({ connection_id: connection.id }).first().then((r) => r?.id as string | undefined),
      { timeoutMs: 60_000, what: 'the sync run' },
    );
    const committedPages = async () =>
      (await createSyncCheckpointStore(env.db).listForRun(runId)).reduce((n, c) => n + c.pages, 0);

    await waitFor(async () => (await committedPages()) >= 8, { timeoutMs: 60_000, what: '8 committed pages' });
    await env.stack!.restartTemporal();
    const afterTemporal = await committedPages();
    await waitFor(async () => (await committedPages()) >= afterTemporal + 8, { timeoutMs: 90_000, what: 'progress after Temporal restarted' });

    const before = await env.db('sync_runs').where({ id: runId }).first();
    assert.equal(before.status, 'running', 'PostgreSQL must restart in the middle of the sync');
    await env.stack!.restartPostgres();
    const result = (await handle.result()) as StripeSyncResult;

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.deepEqual(result.counts, expected.counts);
    const profiles = await waitFor(() => syncedProfiles(env.db, connection.projectId), { what: 'profiles readable again' });
    assert.equal(profiles.size, expected.profiles.size, 'no duplicate or missing profiles');
    for (const [key, want] of expected.profiles) assert.deepEqual(profiles.get(key)?.traits, want.traits, key);
    const run = await env.db('sync_runs').where({ id: runId }).first();
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.counts, expected.counts);
  });
});
