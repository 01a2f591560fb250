import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { AUTOMATIONS } from '../../src/workflows/automations';
import { bundleWorkflows } from '../support/workflow-bundles';
import { historyFromFile } from './history-scenarios';
import { HISTORIES_DIR } from './record-histories';


const committed = () => fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((file) => ({ file, workflowId: file.replace(/\.json$/, ''), history: historyFromFile(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')) }));

async function replayAll(workflowBundle: WorkflowBundle) {
  const failures: { workflowId: string; error: unknown }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'automations' }, committed())) {
    if (result.error) failures.push({ workflowId: result.workflowId, error: result.error });
  }
  return failures;
}

describe('replaying the committed histories of the built-in automations', function () {
  this.timeout(120_000);

  it('has a committed history for every automation and version in the registry', () => {
    const files = committed().map((h) => h.file);
    for (const { id, version } of AUTOMATIONS) {
      assert.ok(files.some((f) => f.startsWith(`${id}-v${version}-`) || f === `${id}-v${version}.json`), `no history for ${id} v${version}: npm run automations:histories`);
    }
  });

  it('replays every one of them on the current code', async () => {
    assert.deepEqual(await replayAll(await bundleWorkflows()), []);
  });

  it('fails when an automation is edited in place (same version, different steps)', async () => {
    const edited = await bundleWorkflows([{ request: './dunning', from: 'automations', file: require.resolve('../fixtures/edited-automations/dunning') }]);
    const failures = await replayAll(edited);
    assert.ok(failures.length > 0, 'the edit is caught');
    assert.ok(failures.every((f) => f.workflowId.startsWith('dunning-')), 'only dunning changed');
    assert.ok(failures.every((f) => f.error instanceof DeterminismViolationError), String(failures[0]?.error));
  });
});
