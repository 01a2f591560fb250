import assert from 'node:assert/strict';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { deadEvent } from '../../../test/support/api/dead-event';
import { createConnectionStore } from '../../db/connection-store';
import { DEAD_AFTER_ATTEMPTS } from '../../activities/stripe-events';
import { createEncryptor } from '../../security/encryption';

describe('dead events: listed, retried or skipped through the API', () => {
  const t = useApiHarness();
  let connectionId: string;
  const api = () => t.h.client();

  before(async () => {
    const store = createConnectionStore(t.db, createEncryptor(t.h.deps.config.encryptionKey!));
    ({ connection: { id: connectionId } } = await store.upsert({ projectId: t.projectId, stripeAccountId: 'acct_dead1', livemode: false, mode: 'oauth', credentials: {} }));
    await deadEvent(t.db, connectionId, 'evt_dead_1');
    await deadEvent(t.db, connectionId, 'evt_dead_2');
  });

  it('lists the dead events with their last error, and counts them on the integration', async () => {
    const res = await api().get(`/api/v1/integrations/stripe/${connectionId}/events?status=dead`, { bearer: t.apiKey });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.map((e: { stripeEventId: string }) => e.stripeEventId), ['evt_dead_1', 'evt_dead_2']);
    assert.equal(res.body.data[0].attempts, DEAD_AFTER_ATTEMPTS);
    assert.match(res.body.data[0].lastError, /No such charge/);
    assert.equal((await api().get('/api/v1/integrations/stripe', { bearer: t.apiKey })).body.data[0].webhooks.dead, 2);
  });

  it('Retry puts the event back in line and wakes the account workflow; Skip sets it aside as ignored', async () => {
    const retried = await api().post(`/api/v1/integrations/stripe/${connectionId}/events/evt_dead_1/retry`, { bearer: t.apiKey });
    assert.equal(retried.status, 202);
    assert.deepEqual(retried.body, { stripeEventId: 'evt_dead_1', status: 'pending', seq: 3 });
    await t.h.deps.accountWaker.idle();
    assert.deepEqual(t.h.orchestrator.wakes.at(-1), { connectionId, seq: 3 });
    const skipped = await api().post(`/api/v1/integrations/stripe/${connectionId}/events/evt_dead_2/skip`, { bearer: t.apiKey });
    assert.deepEqual(skipped.body, { stripeEventId: 'evt_dead_2', status: 'ignored' });
    assert.equal((await api().post(`/api/v1/integrations/stripe/${connectionId}/events/evt_dead_2/skip`, { bearer: t.apiKey })).status, 404, 'no longer dead');
  });

  it('another project sees neither the connection nor its events', async () => {
    const other = await t.h.createProject('Other');
    assert.equal((await api().get(`/api/v1/integrations/stripe/${connectionId}/events`, { bearer: other.apiKey })).status, 404);
    assert.equal((await api().post(`/api/v1/integrations/stripe/${connectionId}/events/evt_dead_1/retry`, { bearer: other.apiKey })).status, 404);
  });
});
