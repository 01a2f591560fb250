import type { Knex } from 'knex';
import { createTestDb } from '../postgres';
import { testConfig } from '../config';
import type { Config } from '../../../src/config';
import type { ApiDeps } from '../../../src/api/deps';
import { startApiHarness, type ApiHarness } from './api-harness';

export interface ApiFixture {
  h: ApiHarness;
  db: Knex;
  /** the suite's database, for processes the test spawns */
  dbUrl: string;
  /** a project created for the suite, and its API key */
  projectId: string;
  apiKey: string;
}

/**
 * Registers mocha hooks that start the app over a fresh database for this suite (and stop it);
 * the returned fixture is filled in by the time tests run. A config function is called in the
 * hook, after hooks registered earlier (e.g. one starting the emulator) have run.
 */
export function useApiHarness(
  opts: { config?: Config | (() => Config); overrides?: (db: Knex) => Partial<ApiDeps>; port?: () => number } = {},
): ApiFixture {
  const fixture = {} as ApiFixture;
  before(async () => {
    const { db, url } = await createTestDb();
    fixture.db = db;
    fixture.dbUrl = url;
    const config = typeof opts.config === 'function' ? opts.config() : (opts.config ?? testConfig());
    fixture.h = await startApiHarness({ db, config, overrides: opts.overrides?.(db), port: opts.port?.() });
    const project = await fixture.h.createProject('Acme');
    fixture.projectId = project.projectId;
    fixture.apiKey = project.apiKey;
  });
  after(() => fixture.h?.close());
  return fixture;
}
