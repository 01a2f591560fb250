import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').trimEnd();

/**
 * docs/automations.md teaches by a complete automation and its test. They are the real files, run by
 * the suite; this keeps the page from drifting from them, and each short enough to read in a minute.
 */
describe('the example in docs/automations.md', () => {
  const blocks = [...read('docs/automations.md').matchAll(/```ts\n([\s\S]*?)\n```/g)].map((m) => m[1]!);

  for (const file of ['src/workflows/automations/refund-alert.ts', 'src/workflows/automations/refund-alert.test.ts']) {
    it(`shows ${file} as it is, in at most 40 lines`, () => {
      const code = read(file);
      assert.ok(blocks.includes(code), `docs/automations.md has no code block equal to ${file}`);
      assert.ok(code.split('\n').length <= 40, `${file} has ${code.split('\n').length} lines`);
    });
  }
});
