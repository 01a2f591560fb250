/**
 * `npm run cli -- <command>`: operations that work the same locally and in production.
 *   projects create --name NAME     → {"id","apiKey"} (the key is shown once)
 *   projects list                   → [{"id","name","createdAt"}]
 *   projects rotate-key ID          → {"id","apiKey"} (every older key stops working)
 *   temporal search-attributes      → the `temporal operator search-attribute create` commands
 * Uses DATABASE_URL, or the local demo's embedded PostgreSQL under .data/ when it is not set.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { createProjectStore } from '../db/project-store';
import { searchAttributeCliSpecs } from '../temporal/search-attributes';
import { withLocalDatabase } from './local/database';
import { runMain, UserFacingError } from './run-main';

class UsageError extends UserFacingError {
  constructor() {
    super(USAGE);
  }
}

const USAGE = `usage: npm run cli -- projects create --name NAME | projects list | projects rotate-key ID | temporal search-attributes`;

runMain(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: 'string' }, namespace: { type: 'string' } },
  });
  const [group, command, arg] = positionals;
  const config = loadConfig();

  if (group === 'temporal' && command === 'search-attributes') {
    const ns = values.namespace ?? config.temporal.namespace;
    for (const { name, type } of searchAttributeCliSpecs()) {
      console.log(`temporal operator search-attribute create --namespace ${ns} --name ${name} --type ${type}`);
    }
    return;
  }
  const valid = group === 'projects' && (command === 'list' || (command === 'create' && values.name) || (command === 'rotate-key' && arg));
  if (!valid) throw new UsageError();

  await withLocalDatabase(config, async (url) => {
    const db = createDb(url, { max: 2 });
    try {
      await migrateLatest(db);
      const projects = createProjectStore(db);
      if (command === 'create') {
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

