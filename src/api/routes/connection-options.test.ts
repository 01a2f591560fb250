import assert from 'node:assert/strict';
import { useApiHarness } from '../../../test/support/api/use-api-harness';
import { createConnectionStore } from '../../db/connection-store';
import { createEncryptor } from '../../security/encryption';

describe('a connection\'s options through the API', () => {
  const t = useApiHarness();
  let connectionId: string;
  const patch = (json: unknown, apiKey = t.apiKey) => t.h.client().patch(`/api/v1/integrations/stripe/${connectionId}`, { bearer: apiKey, json });

  before(async () => {
    const store = createConnectionStore(t.db, createEncryptor(t.h.deps.config.encryptionKey!));
    ({ connection: { id: connectionId } } = await store.upsert({ projectId: t.projectId, stripeAccountId: 'acct_opts1', livemode: false, mode: 'oauth', credentials: {} }));
  });

  it('timeline history is off by default; switching it on asks the account workflow for the import, once', async () => {
    assert.equal((await t.h.client().get('/api/v1/integrations/stripe', { bearer: t.apiKey })).body.data[0].timelineHistory, false);
    const on = await patch({ timelineHistory: true });
    assert.equal(on.status, 200);
    assert.equal(on.body.timelineHistory, true);
    assert.deepEqual(t.h.orchestrator.historyRequests, [connectionId]);
    await patch({ timelineHistory: true });
    assert.deepEqual(t.h.orchestrator.historyRequests, [connectionId], 'already on: nothing more to import');
    assert.equal((await patch({ timelineHistory: false })).body.timelineHistory, false);
  });

  it('refuses a wrong type or an unknown field, naming it, and another project\'s connection is a 404', async () => {
    const wrong = await patch({ timelineHistory: 'yes' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /timelineHistory/);
    assert.equal((await patch({ timelineHistory: true, colour: 'red' })).status, 400);
    const other = await t.h.createProject('Other');
    assert.equal((await patch({ timelineHistory: true }, other.apiKey)).status, 404);
  });
});
