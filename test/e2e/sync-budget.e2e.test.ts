import assert from 'node:assert/strict';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { busiestSecond, connect, createSeededAccount, requestLog, startSyncEnv, startSync, workerEnv, type SyncEnv } from '../sync/sync-harness';
import { spawnWorkerProcess } from '../support/worker';

const BUDGET = { global: 8, perEndpoint: 6 };

describe('two worker processes, one Stripe account', () => {
  let env: SyncEnv;
  before(async () => {
    env = await startSyncEnv();
  });

  it('share one rate budget: no one-second window of the request log exceeds it, overall or per endpoint', async () => {
    const account = await createSeededAccount(env, { seed: 11, customers: 1_000 });
    // Two projects connected to the same account (same mode): two syncs, one budget.
    const connections = [
      await connect(env, account, { mode: 'api_key', rateBudget: BUDGET }),
      await connect(env, account, { mode: 'api_key', rateBudget: BUDGET }),
    ];
    spawnWorkerProcess(workerEnv(env));
    spawnWorkerProcess(workerEnv(env));
    const since = Date.now();
    const handles = await Promise.all(connections.map((c) => startSync(env, c, { concurrency: 6 })));
    const results = (await Promise.all(handles.map((h) => h.result()))) as StripeSyncResult[];
    assert.deepEqual(results[0]!.counts, results[1]!.counts);

    const log = (await requestLog(env, account.id, since)).filter((r) => r.path.startsWith('/v1/'));
    const busiest = busiestSecond(log);
    assert.ok(busiest.global <= BUDGET.global, `busiest second: ${busiest.global} requests > ${BUDGET.global}`);
    assert.ok(busiest.perEndpoint <= BUDGET.perEndpoint, `busiest second on one endpoint: ${busiest.perEndpoint} > ${BUDGET.perEndpoint}`);
    assert.ok(log.every((r) => r.status !== 429), 'Stripe never had to refuse us');

    const workers = new Set<string>();
    for (const handle of handles) {
      const { events } = await handle.fetchHistory();
      for (const e of events ?? []) if (e.activityTaskStartedEventAttributes?.identity) workers.add(e.activityTaskStartedEventAttributes.identity);
    }
    assert.equal(workers.size, 2, `both processes ran activities: ${[...workers].join(', ')}`);

    const seconds = (log[log.length - 1]!.time - log[0]!.time) / 1000;
    console.log(`      ${log.length} requests in ${seconds.toFixed(1)} s = ${(log.length / seconds).toFixed(2)} req/s for a budget of ${BUDGET.global}; busiest second ${busiest.global} (per endpoint ${busiest.perEndpoint})`);
  });
});
