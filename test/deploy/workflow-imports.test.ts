import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';

/**
 * Workflows are deterministic orchestration: they import activities by type only and never reach
 * the database, Stripe, Koa or Node built-ins (the bundler would fail or, worse, replay would).
 */
const WORKFLOWS = path.join(REPO_ROOT, 'src', 'workflows');
const ALLOWED_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common']);
const ALLOWED_DIRS = ['src/workflows', 'src/domain'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('workflow code stays deterministic', () => {
  it('imports only the workflow SDK, domain code and types', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(WORKFLOWS)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const [, , typeOnly, spec] = m;
        if (typeOnly) continue;
        const ok = spec!.startsWith('.')
          ? ALLOWED_DIRS.some((d) => path.relative(REPO_ROOT, path.resolve(path.dirname(file), spec!)).startsWith(d))
          : ALLOWED_PACKAGES.has(spec!);
        if (!ok) offences.push(`${path.relative(REPO_ROOT, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offences, []);
  });
});
