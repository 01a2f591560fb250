import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { applyTestPage, createProjectWithConnection, customer, profileOfCustomer } from '../../test/sync/identity-fixtures';
import { createTestDb } from '../../test/support/postgres';
import { createAutomationRunStore, type NewAutomationRun } from './automation-run-store';
import { createAutomationWaitStore } from './automation-wait-store';
import { createEmailOutboxStore } from './email-outbox-store';
import { createProfileEventStore } from './profile-event-store';
import { createProfileStore } from './profile-store';
import { createUnsubscriptionStore } from './unsubscription-store';

describe('the run ledger and the other automation tables', () => {
  let db: Knex;
  before(async () => {
    ({ db } = await createTestDb());
  });

  async function runOn(projectId: string, connectionId: string, profileId: string, sourceEventId: string) {
    const { event } = await createProfileEventStore(db).record({
      projectId, profileId, name: 'Stripe Charge Failed', source: 'stripe', sourceEventId, occurredAt: new Date(), properties: {},
    });
    const run: NewAutomationRun = {
      projectId, automationId: 'dunning', version: 1, connectionId, sourceEventId, profileEventId: event.id, profileId,
      workflowId: `automation:${projectId}:dunning:${sourceEventId}`, summary: 'dunning', testMode: true, triggeredAt: event.occurredAt,
    };
    return run;
  }

  it('claims a run once per automation and Stripe event, and offers it until it begins', async () => {
    const { scope, connection } = await createProjectWithConnection(db);
    const { profile } = await createProfileStore(db).identify(scope.projectId, { email: 'claim@example.com', traits: {} });
    const runs = createAutomationRunStore(db);
    const run = await runOn(scope.projectId, connection.id, profile.id, 'evt_claim_1');

    const [first] = await runs.claim([run]);
    assert.ok(first);
    assert.deepEqual(await runs.claim([run]), [], 'the same event claims nothing the second time');
    assert.deepEqual((await runs.pendingForConnection(connection.id, 10)).map((s) => s.runId), [first.runId]);
    await runs.begin(first.runId);
    await runs.begin(first.runId);
    assert.deepEqual(await runs.pendingForConnection(connection.id, 10), [], 'begun: never offered again');
    await runs.finish(first.runId, 'completed', 'done');
    await runs.finish(first.runId, 'failed', 'late');
    assert.deepEqual([(await runs.get(first.runId)).status, (await runs.get(first.runId)).result], ['completed', 'done'], 'the first ending stays');
  });

  it('runs, waits, emails and the opt-out follow a profile into the one it merges into', async () => {
    const { scope, connection, syncRunId } = await createProjectWithConnection(db);
    const ctx = { scope, syncRunId };
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_merge', email: null })]);
    const own = (await profileOfCustomer(db, scope, 'cus_merge'))!;
    const { profile: target } = await createProfileStore(db).identify(scope.projectId, { email: 'merge@example.com', traits: {} });

    const [claimed] = await createAutomationRunStore(db).claim([await runOn(scope.projectId, connection.id, own.id, 'evt_merge_1')]);
    await createAutomationWaitStore(db).register({
      id: `${claimed!.runId}:2`, runId: claimed!.runId, projectId: scope.projectId, profileId: own.id, eventName: 'Stripe Charge Succeeded', since: new Date(0), workflowId: claimed!.workflowId,
    });
    await createEmailOutboxStore(db).queue({
      projectId: scope.projectId, profileId: own.id, runId: claimed!.runId, step: 1, to: 'merge@example.com', subject: 's', text: 't', html: 'h',
      testMode: true, marketing: false, status: 'outbox', transport: 'outbox',
    });
    await createUnsubscriptionStore(db).unsubscribe(scope.projectId, own.id, 'link');

    // the customer gains the email of an existing profile: its own profile merges into that one
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_merge', email: 'merge@example.com' })], Date.now() + 1_000);
    assert.equal((await profileOfCustomer(db, scope, 'cus_merge'))!.id, target.id);

    assert.equal((await createAutomationRunStore(db).get(claimed!.runId)).profileId, target.id);
    assert.deepEqual((await createAutomationWaitStore(db).matching(target.id, 'Stripe Charge Succeeded', new Date())).map((w) => w.runId), [claimed!.runId]);
    assert.equal((await createEmailOutboxStore(db).list(scope.projectId, { profileId: target.id, limit: 5 })).data.length, 1);
    assert.ok(await createUnsubscriptionStore(db).find(scope.projectId, target.id), 'an opt-out holds for the merged profile');
  });
});
