import assert from 'node:assert/strict';
import { createTestDb } from '../../../test/support/postgres';
import { testConfig } from '../../../test/support/config';
import { startApiHarness, type ApiHarness } from '../../../test/support/api/api-harness';

describe('GET /healthz', () => {
  let h: ApiHarness;
  let postgresUp = true;
  before(async () => {
    const { db } = await createTestDb();
    h = await startApiHarness({
      db,
      config: testConfig(),
      overrides: { checkPostgres: async () => (postgresUp ? { ok: true } : { ok: false, error: 'ECONNREFUSED 10.0.0.7:5432' }) },
    });
  });
  after(() => h.close());
  afterEach(() => {
    postgresUp = true;
    h.orchestrator.healthy = true;
  });

  it('answers 200 with the state of Postgres and Temporal when both are up', async () => {
    const res = await h.client().get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', postgres: { ok: true }, temporal: { ok: true } });
  });

  it('answers 503 naming Temporal when Temporal is down', async () => {
    h.orchestrator.healthy = false;
    const res = await h.client().get('/healthz');
    assert.equal(res.status, 503);
    assert.deepEqual(res.body.temporal, { ok: false, error: 'unreachable' });
    assert.deepEqual(res.body.postgres, { ok: true });
  });

  it('answers 503 naming Postgres when it is down, without revealing its address', async () => {
    postgresUp = false;
    const res = await h.client().get('/healthz');
    assert.equal(res.status, 503);
    assert.equal(res.body.postgres.ok, false);
    assert.doesNotMatch(res.text, /10\.0\.0\.7/);
  });

  it('checks the real database when wired by buildApiDeps', async () => {
    const { db } = await createTestDb();
    const real = await startApiHarness({ db, config: testConfig() });
    try {
      const res = await real.client().get('/healthz');
      assert.equal(res.status, 200);
      assert.equal(res.body.postgres.ok, true);
    } finally {
      await real.close();
    }
  });
});
