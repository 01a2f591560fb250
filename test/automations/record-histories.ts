/**
 * `npm run automations:histories`: plays every history scenario on the time-skipping server and
 * writes the histories that CI replays. Run it after adding an automation or a new version, and
 * commit the files; never to make a failing replay pass (that failure is the point).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/infra/paths';
import { startAutomationWorld } from '../support/automations/automation-world';
import { runCleanup } from '../support/cleanup';
import { HISTORY_SCENARIOS, recordScenario } from './history-scenarios';

export const HISTORIES_DIR = path.join(REPO_ROOT, 'test/fixtures/automation-histories');

async function main() {
  const only = process.argv[2];
  for (const scenario of HISTORY_SCENARIOS.filter((s) => !only || s.name === only)) {
    const world = await startAutomationWorld();
    fs.writeFileSync(path.join(HISTORIES_DIR, `${scenario.name}.json`), await recordScenario(world, scenario));
    console.log(`recorded ${scenario.name}`);
  }
}

if (require.main === module) {
  main().then(runCleanup, async (error: unknown) => {
    console.error(error);
    await runCleanup();
    process.exitCode = 1;
  });
}
