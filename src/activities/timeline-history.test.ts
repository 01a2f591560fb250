import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { quietActivityEnvironment, fakeActivityWorld } from '../../test/support/activities/fake-activity-deps';
import { createTestDb } from '../../test/support/postgres';
import { applyTestPage, charge, createProjectWithConnection, customer, subscription } from '../../test/sync/identity-fixtures';
import { createConnectionStore } from '../db/connection-store';
import { createMirrorHistoryReadModel } from '../db/mirror-history-read-model';
import { createProfileEventStore } from '../db/profile-event-store';
import { createEncryptor, generateEncryptionKey } from '../security/encryption';
import type { ActivityDeps } from './deps';
import { createTimelineHistoryActivities, type ImportTimelineHistoryOutput } from './timeline-history';

const T = 1_700_000_000;

describe('the timeline history (real stores)', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  async function syncedConnection() {
    const ctx = await createProjectWithConnection(db);
    await applyTestPage(db, ctx, 'customers', [customer({ id: 'cus_h1', email: 'hist@x.io', created: T - 1_000 })]);
    await applyTestPage(db, ctx, 'subscriptions', [
      { ...subscription({ id: 'sub_live', customer: 'cus_h1', status: 'active', created: T }), items: { data: [] } },
      { ...subscription({ id: 'sub_gone', customer: 'cus_h1', status: 'canceled', created: T + 10 }), canceled_at: T + 500, ended_at: T + 600, items: { data: [] } },
    ]);
    await applyTestPage(db, ctx, 'charges', [
      charge({ id: 'ch_ok', customer: 'cus_h1', created: T + 20, status: 'succeeded', amount_refunded: 300 }),
      charge({ id: 'ch_no', customer: 'cus_h1', created: T + 30, status: 'failed', failure_code: 'card_declined' } as never),
      charge({ id: 'ch_after', customer: 'cus_h1', created: T + 5_000, status: 'succeeded' }),
    ]);
    const connections = createConnectionStore(db, createEncryptor(generateEncryptionKey()));
    // connected (the watermark) between the past charges and the later one
    await db('stripe_connections').where({ id: ctx.connection.id }).update({ events_watermark: new Date((T + 1_000) * 1000) });
    const deps = {
      ...fakeActivityWorld().deps,
      connections,
      mirrorHistory: createMirrorHistoryReadModel(db),
      profileEvents: createProfileEventStore(db),
    } satisfies ActivityDeps;
    const importHistory = () => quietActivityEnvironment().run(
      () => createTimelineHistoryActivities(deps).importTimelineHistory({ connectionId: ctx.connection.id }),
    ) as Promise<ImportTimelineHistoryOutput>;
    return { ...ctx, connections, importHistory };
  }

  const entries = (projectId: string) => db('profile_events').where({ project_id: projectId }).orderBy('occurred_at').select('type', 'historical', 'source_event_id', 'occurred_at');

  it('does nothing while the connection\'s option is off', async () => {
    const { scope, importHistory } = await syncedConnection();
    assert.deepEqual(await importHistory(), { recorded: 0, next: null });
    assert.deepEqual(await entries(scope.projectId), []);
  });

  it('puts the past before the watermark on the timeline, historical, and importing again doubles nothing', async () => {
    const { scope, connection, connections, importHistory } = await syncedConnection();
    await connections.setTimelineHistory(connection.id, true);
    assert.deepEqual(await importHistory(), { recorded: 6, next: null });
    const rows = await entries(scope.projectId);
    assert.deepEqual(rows.map((r: { type: string }) => r.type), [
      'Stripe Subscription Created', 'Stripe Subscription Created', 'Stripe Charge Succeeded', 'Stripe Charge Refunded', 'Stripe Charge Failed',
      'Stripe Subscription Deleted',
    ]);
    assert.ok(rows.every((r: { historical: boolean }) => r.historical));
    assert.ok(rows.every((r: { occurred_at: Date }) => r.occurred_at.getTime() < (T + 1_000) * 1000), 'nothing from after the watermark: live events tell that');
    assert.ok(rows.every((r: { source_event_id: string }) => r.source_event_id.startsWith('history:')));
    assert.equal(rows.at(-1).occurred_at.getTime(), (T + 600) * 1000, 'a subscription ended when it ended');
    assert.deepEqual(await importHistory(), { recorded: 0, next: null });
    assert.equal((await entries(scope.projectId)).length, 6);
  });
});
