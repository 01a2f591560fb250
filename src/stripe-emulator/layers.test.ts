import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The emulator's data and its presentation are layered: `records/` types what is stored,
 * `store/` holds records, `render/` turns them into the `Stripe.*` objects clients receive.
 * Renderers read the store; the store never knows about renderers, not even by type, so either
 * side can change without the other.
 */
const EMULATOR = path.resolve(__dirname, '..', '..', '..', 'src', 'stripe-emulator');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The emulator folders (or top-level modules) a file's relative imports point at, type imports included. */
function importedLayers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)].map(
    (m) => path.relative(EMULATOR, path.resolve(path.dirname(file), m[1]!)).split(path.sep)[0]!,
  );
}

function offences(layer: string, allowed: string[]): string[] {
  return sourceFiles(path.join(EMULATOR, layer)).flatMap((file) =>
    importedLayers(file)
      .filter((target) => !allowed.includes(target))
      .map((target) => `${path.relative(EMULATOR, file)} imports ${target}`),
  );
}

describe('stripe emulator: stored records and their renderers live apart', () => {
  it('the source folders are where this test looks', () => {
    for (const layer of ['records', 'store', 'render']) assert.ok(sourceFiles(path.join(EMULATOR, layer)).length > 0, layer);
  });

  it('records import only other records', () => {
    assert.deepEqual(offences('records', ['records']), []);
  });

  it('the store imports records and plain helpers, never a renderer', () => {
    assert.deepEqual(offences('store', ['store', 'records', 'clock', 'ids', 'permissions']), []);
  });
});
