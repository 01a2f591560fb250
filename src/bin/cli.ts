/**
 * `npm run cli -- <command>`: operations that work the same locally and in production.
 *   projects create --name NAME     → {"id","apiKey"} (the key is shown once)
 *   projects list                   → [{"id","name","createdAt"}]
 *   projects rotate-key ID          → {"id","apiKey"} (every older key stops working)
 *   temporal search-attributes [--cloud] → the commands that register the search attributes
 *                                    (`temporal operator …`; `tcld namespace …` for Temporal Cloud)
 *   syncs list [--failed] [--running] → each connection's latest sync: status, phase, counts, last error
 *   syncs retry CONNECTION_ID       → Retry: resumes the last sync run if it did not succeed
 * Uses DATABASE_URL, or the local demo's embedded PostgreSQL under .data/ when it is not set;
 * `syncs retry` also reaches Temporal (TEMPORAL_ADDRESS, else the local demo's 127.0.0.1:7233).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { createProjectStore } from '../db/project-store';
import { searchAttributeCliSpecs } from '../temporal/search-attributes';
import { listSyncs, retrySync } from './cli/syncs';
import { withLocalDatabase } from './local/database';
import { runMain, UserFacingError } from './run-main';

class UsageError extends UserFacingError {
  constructor() {
    super(USAGE);
  }
}

const USAGE = `usage: npm run cli -- projects create --name NAME | projects list | projects rotate-key ID | temporal search-attributes [--cloud]
  | syncs list [--failed] [--running] | syncs retry CONNECTION_ID`;

runMain(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: 'string' }, namespace: { type: 'string' }, cloud: { type: 'boolean' }, failed: { type: 'boolean' }, running: { type: 'boolean' } },
  });
  const [group, command, arg] = positionals;
  const config = loadConfig();

  if (group === 'temporal' && command === 'search-attributes') {
    const ns = values.namespace ?? config.temporal.namespace;
    for (const { name, type } of searchAttributeCliSpecs()) {
      console.log(values.cloud
        ? `tcld namespace search-attributes add --namespace ${ns} --search-attribute "${name}=${type}"`
        : `temporal operator search-attribute create --namespace ${ns} --name ${name} --type ${type}`);
    }
    return;
  }
  const projectCommand = group === 'projects' && (command === 'list' || (command === 'create' && values.name) || (command === 'rotate-key' && arg));
  const syncCommand = group === 'syncs' && (command === 'list' || (command === 'retry' && arg));
  if (!projectCommand && !syncCommand) throw new UsageError();

  await withLocalDatabase(config, async (url) => {
    const db = createDb(url, { max: 2 });
    try {
      await migrateLatest(db);
      const projects = createProjectStore(db);
      if (group === 'syncs') {
        print(command === 'list' ? await listSyncs(db, { failed: values.failed, running: values.running }) : await retrySync(db, config, arg!));
      } else if (command === 'create') {
        const { project, apiKey } = await projects.create(values.name!);
        print({ id: project.id, apiKey });
      } else if (command === 'list') {
        print((await projects.list()).map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString() })));
      } else {
        print({ id: arg, apiKey: await projects.rotateKey(arg!) });
      }
    } finally {
      await db.destroy();
    }
  });
});

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

