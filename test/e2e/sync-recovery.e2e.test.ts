import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSyncCheckpointStore } from '../../src/db/sync-checkpoint-store';
import { REPO_ROOT } from '../../src/infra/paths';
import { syncWorkflowId } from '../../src/temporal/ids';
import { useFullStack } from '../support/api/use-full-stack';
import { csrfFrom } from '../support/api/http-client';
import { waitFor } from '../support/wait';
import { expectedProfiles } from '../sync/oracle';
import { SYNCED_LISTS, rawObjects, requestLog } from '../sync/sync-harness';

const run = promisify(execFile);

interface Account { id: string; secretKey: string }

/**
 * A sync that failed, or was terminated from the Temporal UI, is put right with one action (the
 * CLI's `syncs retry`, the settings page's Retry), which reopens the same run and reads only what
 * it had not committed.
 */
describe('putting a failed or terminated sync right', function () {
  this.timeout(240_000);
  const { stack, t } = useFullStack<Account>('recovery', { livemode: false });
  const checkpoints = () => createSyncCheckpointStore(t.db);

  /** An account connected with its key; its sync starts at once, slowed so it can be caught halfway. */
  async function connectedAccount(seed: number) {
    const account = await stack.emulator.control<Account>('/_emulator/accounts', {
      livemode: false, seed: { seed, customers: 800, subscriptionsPerCustomer: 1, chargesPerCustomer: 2 },
    });
    await stack.emulator.control('/_emulator/faults', { account: account.id, latencyMs: 120 });
    const res = await t.h.client().post('/api/v1/integrations/stripe/api-key', { bearer: t.apiKey, json: { secretKey: account.secretKey } });
    assert.equal(res.status, 201, res.text);
    const connectionId = res.body.id as string;
    const runs = () => t.db('sync_runs').where({ connection_id: connectionId }).orderBy('started_at');
    const runId = await waitFor(async () => (await runs())[0]?.id as string | undefined, { what: 'the sync run' });
    const committedPages = async () => (await checkpoints().listForRun(runId)).reduce((n, c) => n + c.pages, 0);
    await waitFor(async () => (await committedPages()) >= 12, { timeoutMs: 60_000, what: '12 committed pages' });
    return { account, connectionId, runId, runs, committedPages };
  }

  /**
   * What the run was to copy: the account's objects created before its cut-off. A renewal the
   * emulator's billing makes while the test runs is newer, and reaches the mirror as an event.
   */
  async function expectedCounts(runId: string, accountId: string) {
    const { created_before: cutOff } = await t.db('sync_runs').where({ id: runId }).first<{ created_before: string }>('created_before');
    const before = <T>(objects: T[]) => objects.filter((o) => Number((o as { created?: number }).created) < Number(cutOff));
    const { customers, subscriptions, charges } = await rawObjects(stack, accountId);
    return expectedProfiles([{ customers: before(customers), subscriptions: before(subscriptions), charges: before(charges) }]).counts;
  }

  const connectionView = async (connectionId: string) =>
    ((await t.h.client().get('/api/v1/integrations/stripe', { bearer: t.apiKey })).body.data as { id: string; status: string; sync: Record<string, unknown> }[])
      .find((c) => c.id === connectionId)!;
  const settled = (connectionId: string, status: string) =>
    waitFor(async () => {
      const view = await connectionView(connectionId);
      return view.status === status && view;
    }, { timeoutMs: 120_000, what: `connection ${status}` });
  const listRequests = async (accountId: string, since: number) =>
    (await requestLog(stack, accountId, since)).filter((r) => r.endpoint !== null && SYNCED_LISTS.has(r.endpoint));
  const cli = (args: string[]) => run(process.execPath, [path.join(REPO_ROOT, 'dist/src/bin/cli.js'), ...args], {
    env: {
      PATH: process.env.PATH, DATABASE_URL: t.dbUrl, ENCRYPTION_KEY: t.h.deps.config.encryptionKey!,
      TEMPORAL_ADDRESS: stack.temporal.address, TEMPORAL_TASK_QUEUE: t.h.deps.config.temporal.taskQueue,
    },
  }).then(({ stdout }) => JSON.parse(stdout));

  it('a failed sync, retried from the CLI, resumes its run and reads fewer pages than a fresh sync', async () => {
    const { account, connectionId, runId, runs } = await connectedAccount(21);
    // Stripe refuses a request: the sync fails at once, no retry can help.
    await stack.emulator.control('/_emulator/faults', { account: account.id, refuseRate: 1 });
    const failed = await settled(connectionId, 'error');
    assert.equal(failed.sync.status, 'failed');
    assert.match(String(failed.sync.error), /refused/);
    assert.ok(Date.parse(String(failed.sync.errorAt)) > 0, 'the time of the error');
    await stack.emulator.control('/_emulator/faults', { account: account.id, refuseRate: 0 });
    const committedAtFailure = (await checkpoints().listForRun(runId)).reduce((n, c) => n + c.pages, 0);

    const listed = await cli(['syncs', 'list', '--failed']);
    assert.ok(listed.some((s: { connectionId: string; syncRunId: string; phase: string }) => s.connectionId === connectionId && s.syncRunId === runId),
      JSON.stringify(listed));
    const retriedAt = Date.now();
    const retried = await cli(['syncs', 'retry', connectionId]);
    assert.deepEqual({ started: retried.started, resumes: retried.resumes }, { started: true, resumes: runId });
    const done = await settled(connectionId, 'active');

    assert.deepEqual((await runs()).map((r) => [r.id, r.status, r.resumes]), [[runId, 'succeeded', 1]], 'the same run, reopened');
    assert.deepEqual(done.sync.counts, await expectedCounts(runId, account.id), 'exact counts: nothing counted twice');
    const resumedLists = (await listRequests(account.id, retriedAt)).length;

    // A fresh sync of the same account, for comparison: Resync on an active connection starts a new run.
    const freshAt = Date.now();
    assert.equal((await t.h.client().post(`/api/v1/integrations/stripe/${connectionId}/resync`, { bearer: t.apiKey })).status, 202);
    await waitFor(async () => (await runs()).length === 2 && (await runs())[1].status === 'succeeded', { timeoutMs: 120_000, what: 'the fresh sync' });
    const freshLists = (await listRequests(account.id, freshAt)).length;
    assert.ok(resumedLists < freshLists, `the retry read ${resumedLists} pages, a fresh sync ${freshLists}`);
    assert.ok(resumedLists <= freshLists - committedAtFailure + 8, `${committedAtFailure} pages were committed before the failure`);
  });

  it('a sync terminated from outside shows as terminated in settings, and Retry there resumes it', async () => {
    const { account, connectionId, runId, runs } = await connectedAccount(22);
    await stack.temporal.client.workflow.getHandle(syncWorkflowId(connectionId)).terminate('stuck on purpose');
    const terminated = await settled(connectionId, 'error');
    assert.equal(terminated.sync.status, 'terminated');
    assert.match(String(terminated.sync.error), /terminated from outside: stuck on purpose/);

    const { client } = await t.h.signedIn(t.projectId, t.apiKey);
    const page = await client.get(`/projects/${t.projectId}/settings/integrations`);
    const card = page.text.slice(page.text.indexOf(`data-connection-id="${connectionId}"`));
    assert.match(card, /data-sync-status="terminated"/);
    assert.match(card, /The sync was terminated\./);
    assert.match(card, /stuck on purpose/);
    assert.match(card, /data-error-at>[A-Z][a-z]{2} \d+, \d{4}, \d\d:\d\d UTC/);

    const retry = await client.post(`/projects/${t.projectId}/integrations/stripe/${connectionId}/resync`, { form: { _csrf: csrfFrom(page.text) } });
    assert.equal(retry.status, 303);
    const done = await settled(connectionId, 'active');
    assert.deepEqual((await runs()).map((r) => [r.id, r.status, r.resumes]), [[runId, 'succeeded', 1]]);
    assert.deepEqual(done.sync.counts, await expectedCounts(runId, account.id));
  });
});
