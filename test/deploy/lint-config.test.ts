import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../../src/infra/paths';

/**
 * The lint that `npm test` runs is what keeps Node-only code out of the workflow bundle and
 * unawaited promises out of everything: these snippets go through the repository's own config.
 */
describe('the lint config', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });

  // Type-aware rules see only files of the TypeScript project, so each probe stands in for a real one.
  const rulesBroken = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
    return result!.messages.map((m) => m.ruleId ?? m.message);
  };
  const inWorkflow = (code: string) => rulesBroken('src/workflows/index.ts', code);

  it('keeps Node built-ins out of workflow code, with or without the node: prefix', async () => {
    assert.deepEqual(await inWorkflow("import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"), ['no-restricted-imports']);
    assert.deepEqual(await inWorkflow("import { readFileSync } from 'fs';\nexport const read = readFileSync;\n"), ['no-restricted-imports']);
  });

  it('keeps database, Stripe, Koa and Node-side Temporal packages out of workflow code', async () => {
    for (const pkg of ['knex', 'stripe', '@koa/router', '@temporalio/client']) {
      assert.deepEqual(await inWorkflow(`import * as probe from '${pkg}';\nexport { probe };\n`), ['no-restricted-imports'], pkg);
    }
  });

  it('lets workflow code import activities by type only', async () => {
    assert.deepEqual(await inWorkflow("import type { Activities } from '../activities';\nexport type Probe = Activities;\n"), []);
    assert.deepEqual(await inWorkflow("import { createActivities } from '../activities';\nexport const probe = createActivities;\n"), ['no-restricted-imports']);
  });

  it('lets the tests beside workflows, which run in Node, use Node', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n";
    assert.deepEqual(await rulesBroken('src/workflows/stripe-sync.test.ts', code), []);
  });

  it('reports a promise nobody awaits', async () => {
    const code = 'async function work(): Promise<void> {}\nexport function start(): void {\n  work();\n}\n';
    assert.deepEqual(await rulesBroken('src/api/app.ts', code), ['@typescript-eslint/no-floating-promises']);
  });
});
