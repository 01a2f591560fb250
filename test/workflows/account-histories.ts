/**
 * `node dist/test/workflows/account-histories.js`: records an account workflow's history (fake
 * activities, a trickle of events, then a backlog) into test/fixtures/account-histories, which CI
 * replays on the current code. Recorded on a release, it keeps the next one honest: a change to the
 * workflow that would break the runs in flight fails the replay. Never re-record to make it pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
import { randomBase62 } from '../../src/domain/ids';
import { REPO_ROOT } from '../../src/infra/paths';
import { inboxAdvancedSignal, stripeAccountProgressQuery } from '../../src/workflows/messages';
import type { StripeAccountWorkflow } from '../../src/workflows/stripe-account';
import { historyToFile } from '../automations/history-scenarios';
import { runCleanup } from '../support/cleanup';
import { sharedTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';
import { fakeInbox, followThroughClient } from '../support/workflows/account-workflow-harness';

export const ACCOUNT_HISTORIES_DIR = path.join(REPO_ROOT, 'test/fixtures/account-histories');

async function record(name: string): Promise<void> {
  const temporal = await sharedTemporal();
  const { inbox, processStripeEvents, pollStripeEvents, importTimelineHistory } = fakeInbox();
  const taskQueue = `account-history-${randomBase62(8)}`;
  const worker = await Worker.create({
    connection: temporal.connection, taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows/index') }),
    activities: { processStripeEvents, pollStripeEvents, importTimelineHistory, followSyncWorkflow: followThroughClient() } as Partial<Activities> as Activities,
  });
  const connectionId = `conn_${randomBase62(8)}`;
  const history = await worker.runUntil(async () => {
    const handle = await temporal.client.workflow.start<typeof StripeAccountWorkflow>('StripeAccountWorkflow', {
      taskQueue, workflowId: `stripe-account:${connectionId}`,
      args: [{ connectionId, projectId: 'proj_1', stripeAccountId: 'acct_1', livemode: false }],
    });
    for (const seq of [2, 3, 153, 154, 160]) {
      inbox.latest = seq;
      await handle.signal(inboxAdvancedSignal, seq);
      await waitFor(async () => (await handle.query(stripeAccountProgressQuery)).processedSeq === seq, { what: `processed up to #${seq}` });
    }
    const recorded = await handle.fetchHistory();
    await handle.terminate('recorded');
    return recorded;
  });
  fs.writeFileSync(path.join(ACCOUNT_HISTORIES_DIR, `${name}.json`), historyToFile(history));
  console.log(`recorded ${name}: ${history.events?.length ?? 0} events`);
}

if (require.main === module) {
  record(process.argv[2] ?? 'trickle-and-backlog').then(runCleanup, async (error: unknown) => {
    console.error(error);
    await runCleanup();
    process.exitCode = 1;
  });
}
