import assert from 'node:assert/strict';
import type { StripeSyncResult } from '../../src/workflows/messages';
import { expectedProfiles } from '../sync/oracle';
import { busiestSecond, connect, createSeededAccount, rawObjects, requestLog, startSync } from '../sync/sync-harness';
import { syncedProfiles } from '../sync/synced-state';
import { useFaultStack } from './support/fault-stack';
import { faultScale } from './support/scale';

/** Below Stripe's test-mode limits (25 a second), so that every 429 is one the emulator was told to give. */
const BUDGET = { global: 10, perEndpoint: 8 };
const FAULT_SHARES = { rateLimitRate: 0.3, errorRate: 0.1, resetRate: 0.05, stallRate: 0.05 };

/**
 * Stripe's bad day, on the suite's own PostgreSQL, Temporal server and worker: while a first sync
 * runs, the emulator answers 30 % of the account's requests 429, 10 % 500, resets 5 % of the
 * connections and stalls 5 % for seconds before it answers. The sync must end with exactly
 * Stripe's data, without ever going over the account's rate budget.
 */
describe('a first sync while Stripe answers 429s and 500s, resets connections and stalls', function () {
  const scale = faultScale('emulatorFaults');
  this.timeout(scale.timeoutMs);
  const stack = useFaultStack({ label: 'emulator-faults' });

  it('ends with exactly Stripe\'s data, and no second of the request log exceeds the rate budget', async () => {
    const { env } = stack;
    const account = await createSeededAccount(env, { seed: 31, customers: scale.customers });
    const connection = await connect(env, account, { mode: 'api_key', rateBudget: BUDGET });
    await env.emulator.control('/_emulator/faults', { account: account.id, ...FAULT_SHARES, stallMs: scale.stallMs });
    const since = Date.now();
    const handle = await startSync(env, connection, { concurrency: 4 });
    const result = (await handle.result()) as StripeSyncResult;
    await env.emulator.control('/_emulator/faults', { account: account.id, rateLimitRate: 0, errorRate: 0, resetRate: 0, stallRate: 0 });

    const expected = expectedProfiles([await rawObjects(env, account.id)]);
    assert.deepEqual(result.counts, expected.counts);
    const profiles = await syncedProfiles(env.db, connection.projectId);
    assert.equal(profiles.size, expected.profiles.size, 'no profile lost or doubled');
    for (const [key, want] of expected.profiles) assert.deepEqual(profiles.get(key)?.traits, want.traits, key);

    const log = (await requestLog(env, account.id, since)).filter((r) => r.path.startsWith('/v1/'));
    const busiest = busiestSecond(log);
    assert.ok(busiest.global <= BUDGET.global, `busiest second: ${busiest.global} requests > ${BUDGET.global}`);
    assert.ok(busiest.perEndpoint <= BUDGET.perEndpoint, `busiest second on one endpoint: ${busiest.perEndpoint} > ${BUDGET.perEndpoint}`);
    const faults: Record<string, number> = { rate_limit: 0, error: 0, reset: 0, stall: 0 };
    for (const r of log) if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
    const share = faults.rate_limit! / log.length;
    assert.ok(share > 0.15 && share < 0.45, `${share} of the requests answered 429 for a share of ${FAULT_SHARES.rateLimitRate}`);
    // a kind is required once the run is big enough to make its absence all but impossible (8 expected: under 0.1 %)
    for (const [kind, rate] of Object.entries({ error: 'errorRate', reset: 'resetRate', stall: 'stallRate' } as const)) {
      if (log.length * FAULT_SHARES[rate] >= 8) assert.ok(faults[kind]! > 0, `no ${kind} in ${log.length} requests: ${JSON.stringify(faults)}`);
    }
    assert.equal(log.filter((r) => r.status === 429).length, faults.rate_limit, 'every 429 was an injected one: the budget kept under Stripe\'s limits');
    const seconds = (log[log.length - 1]!.time - log[0]!.time) / 1000;
    console.log(`      ${expected.counts.customers} customers, ${log.length} requests in ${seconds.toFixed(1)} s, faults ${JSON.stringify(faults)}; busiest second ${busiest.global} (per endpoint ${busiest.perEndpoint}) for a budget of ${BUDGET.global}/${BUDGET.perEndpoint}`);
  });
});
