import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { historyFromFile } from '../automations/history-scenarios';
import { ACCOUNT_HISTORIES_DIR } from './account-histories';

const silent = () => undefined;
const quietLogger = { trace: silent, debug: silent, info: silent, warn: silent, error: silent, log: silent };

describe('replaying account workflow histories recorded on earlier releases', function () {
  this.timeout(120_000);

  it('a run from before the live trickle moved into the workflow task replays on the current code, its events still as activities', async () => {
    const text = fs.readFileSync(path.join(ACCOUNT_HISTORIES_DIR, 'trickle-before-in-task.json'), 'utf8');
    const history = historyFromFile(text);
    const events = history.events ?? [];
    assert.ok(!events.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity'), 'recorded before the change: no local activity');
    assert.ok(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'processStripeEvents').length >= 4);
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows/index'), logger: quietLogger });
    await Worker.runReplayHistory({ workflowBundle }, history, 'stripe-account:recorded');
  });
});
