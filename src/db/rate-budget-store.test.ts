import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createRateBudgetStore } from './rate-budget-store';

describe('rate budget (GCRA in Postgres)', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('spaces reservations by the slowest bucket they charge, across store instances', async () => {
    const a = createRateBudgetStore(db);
    const b = createRateBudgetStore(db);
    const global = { key: 'acct_r:test', intervalMs: 100 };
    const endpoint = { key: 'acct_r:test:GET /v1/customers', intervalMs: 200 };
    const waits = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).reserve([global, endpoint])));
    const sorted = [...waits].sort((x, y) => x - y);
    assert.ok(sorted[0]! < 50, `first goes at once: ${sorted.join(',')}`);
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(sorted[i]! - sorted[i - 1]! > 150, `endpoint spacing holds: ${sorted.join(',')}`);
    }
    const other = await a.reserve([global, { key: 'acct_r:test:GET /v1/charges', intervalMs: 200 }]);
    assert.ok(other > sorted[sorted.length - 1]! + 50, `another endpoint still waits its turn in the global bucket: ${other}`);
  });
});
