import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup';

/** A temp dir removed after the run; 0755 so that PostgreSQL's own user can traverse it. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `se-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
