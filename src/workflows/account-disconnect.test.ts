import assert from 'node:assert/strict';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Activities, DisconnectStripeConnectionOutput } from '../activities';
import type { DisconnectStripeConnectionInput } from '../activities/connection-lifecycle';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { sharedTemporal } from '../../test/support/temporal';
import { waitFor } from '../../test/support/wait';
import {
  fakeInbox, gate, gatedSyncActivities, syncIdOf, useAccountWorkflowWorker, type AccountHandle,
} from '../../test/support/workflows/account-workflow-harness';
import { disconnectUpdate, inboxAdvancedSignal, resyncUpdate } from './messages';

const PURGED = { customers: 3, subscriptions: 2, charges: 4, links: 3, profilesKept: 1, profilesRemoved: 2 };

/** The lifecycle activities as fakes that record what they were asked, in order. */
function fakeLifecycle(opts: { superseded?: boolean } = {}) {
  const calls: string[] = [];
  const disconnects: DisconnectStripeConnectionInput[] = [];
  const activities: Partial<Activities> = {
    revokeStripeAccess: async () => (calls.push('revoke'), { revoked: true, reason: null }),
    disconnectStripeConnection: async (input): Promise<DisconnectStripeConnectionOutput> => {
      calls.push('disconnect');
      disconnects.push(input);
      return { moved: true, superseded: opts.superseded ?? false, ignoredEvents: 0 };
    },
    purgeStripeData: async () => (calls.push('purge'), PURGED),
  };
  return { calls, disconnects, activities };
}

const statusOf = async (workflowId: string) => (await (await sharedTemporal()).client.workflow.getHandle(workflowId).describe()).status.name;

describe('StripeAccountWorkflow: deauthorization and disconnect (fake activities)', () => {
  const withWorker = useAccountWorkflowWorker();

  it('a deauthorization processed mid-sync disconnects that grant, cancels the sync and waits for it, then ends; Stripe is not called', async () => {
    const fake = fakeInbox();
    const lifecycle = fakeLifecycle();
    const { gate: held, release } = gate();
    const syncEnded: string[] = [];
    const processStripeEvents: Activities['processStripeEvents'] = async (input) => {
      const out = await fake.processStripeEvents(input);
      return { ...out, deauthorized: { grantConnectedAt: 1_700_000_000_000 } };
    };
    const activities: Partial<Activities> = {
      ...fake, processStripeEvents, ...gatedSyncActivities(held), ...lifecycle.activities,
      failSyncRun: async (input) => {
        syncEnded.push(input.canceled ? 'canceled' : 'failed');
        return { connectionStatus: 'error' };
      },
    };
    await withWorker(activities, async (start) => {
      const handle = await start();
      await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'initial' }] });
      fake.inbox.latest = 1;
      await handle.signal(inboxAdvancedSignal, 1);
      await waitFor(async () => (await statusOf(handle.workflowId)) === 'COMPLETED', { what: 'the account workflow ended' });
      release();
      assert.equal(await statusOf(syncIdOf(handle)), 'CANCELLED');
      assert.deepEqual(syncEnded, ['canceled'], 'the sync recorded itself as canceled before the account workflow ended');
      assert.deepEqual(lifecycle.calls, ['disconnect'], 'Stripe told us: nothing to revoke, nothing purged');
      assert.deepEqual(lifecycle.disconnects[0], { connectionId: handle.workflowId.split(':')[1], by: 'stripe', grantConnectedAt: 1_700_000_000_000, message: 'The account removed this app\'s access in Stripe.' });
    });
  });

  it('the disconnect Update tells Stripe, disconnects, purges when asked, and answers once done; the workflow ends', async () => {
    const lifecycle = fakeLifecycle();
    await withWorker({ ...fakeInbox(), ...lifecycle.activities }, async (start) => {
      const handle = await start();
      const result = await handle.executeUpdate(disconnectUpdate, { args: [{ purge: true }] });
      assert.deepEqual(result, { by: 'product', revokedInStripe: true, revokeNote: null, purged: PURGED });
      assert.deepEqual(lifecycle.calls, ['revoke', 'disconnect', 'purge']);
      assert.equal(lifecycle.disconnects[0]!.by, 'product');
      await handle.result();
    });
  });

  it('a deauthorization that a reconnect overtook disconnects nothing: the workflow carries on in a fresh run', async () => {
    const fake = fakeInbox();
    const lifecycle = fakeLifecycle({ superseded: true });
    let deauthorizations = 1;
    const processStripeEvents: Activities['processStripeEvents'] = async (input) => {
      const out = await fake.processStripeEvents(input);
      return deauthorizations-- > 0 ? { ...out, deauthorized: { grantConnectedAt: 1 } } : out;
    };
    await withWorker({ ...fake, processStripeEvents, ...lifecycle.activities }, async (start) => {
      const handle: AccountHandle = await start();
      fake.inbox.latest = 1;
      await handle.signal(inboxAdvancedSignal, 1);
      await waitFor(async () => (await handle.describe()).runId !== handle.firstExecutionRunId, { what: 'a fresh run' });
      assert.equal(await statusOf(handle.workflowId), 'RUNNING');
      assert.deepEqual(lifecycle.calls, ['disconnect']);
      await handle.terminate();
    });
  });

  it('a resync of a connection that cannot sync is refused with the reason; none starts', async () => {
    const reason = 'This Stripe account is disconnected; reconnect it to sync again.';
    const activities: Partial<Activities> = {
      ...fakeInbox(),
      checkConnectionSyncable: async () => { throw ApplicationFailure.nonRetryable(reason, SYNC_FAILURE.notSyncable); },
    };
    await withWorker(activities, async (start) => {
      const handle = await start();
      const refused = await handle.executeUpdate(resyncUpdate, { args: [{ kind: 'resync' }] }).catch((e: unknown) => e);
      assert.ok(refused instanceof WorkflowUpdateFailedError, String(refused));
      assert.ok(refused.cause instanceof ApplicationFailure);
      assert.deepEqual([refused.cause.type, refused.cause.message], [SYNC_FAILURE.notSyncable, reason]);
      const temporal = await sharedTemporal();
      await assert.rejects(temporal.client.workflow.getHandle(syncIdOf(handle)).describe(), /not found/i);
      await handle.terminate();
    });
  });
});
