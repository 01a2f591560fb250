/**
 * Provisions what the product and its tests run on, once, into .tools/: the Temporal CLI (built
 * from the Go module proxy), the prebuilt workflow bundle, and with --test Temporal's Java
 * time-skipping test server and Debian's Chromium. Nothing is downloaded at run time after this.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/paths';
import { ensureTemporalCli, ensureTimeSkippingServer } from '../infra/tools';
import { writeWorkflowBundle } from '../worker/workflow-bundle';
import { runMain } from './run-main';

const CHROMIUM = '/usr/bin/chromium';

runMain(async () => {
  const forTests = process.argv.includes('--test');
  const quiet = process.argv.includes('--quiet');
  const say = (line: string) => !quiet && console.log(`[setup] ${line}`);

  ensureTemporalCli(say);
  say('bundling workflows…');
  await writeWorkflowBundle().catch((err: Error) => {
    // Not fatal here: tests bundle from source; a worker without a bundle bundles at start.
    say(`workflow bundle not written: ${err.message.split('\n')[0]}`);
  });

  if (forTests) {
    ensureTimeSkippingServer(say, path.join(REPO_ROOT, 'tools', 'temporal-test-server'));
    ensureChromium(say);
  }
});

function ensureChromium(say: (line: string) => void): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    say(`Chromium is missing for the browser tests: install it with \`sudo apt-get install -y chromium\``);
    return;
  }
  say('installing Debian\'s chromium for the browser tests (apt-get, about 25 s)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const res = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
  }
}
