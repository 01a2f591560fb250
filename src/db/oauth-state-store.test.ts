import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createOAuthStateStore } from './oauth-state-store';
import { createProjectStore } from './project-store';

describe('OAuth state store', () => {
  let db: Knex;
  let projectId: string;
  before(async () => {
    ({ db } = await createTestDb());
    projectId = (await createProjectStore(db).create('Acme')).project.id;
  });

  it('of concurrent uses of one state, exactly one succeeds', async () => {
    const states = createOAuthStateStore(db);
    const id = await states.create(projectId, 'sid-1');
    const results = await Promise.all(Array.from({ length: 8 }, () => states.consume(id, 'sid-1')));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(results.filter((r) => !r.ok), Array(7).fill({ ok: false, reason: 'used' }));
  });

  it('a state lives ten minutes', async () => {
    const id = await createOAuthStateStore(db).create(projectId, 'sid-2');
    const row = await db('oauth_states').where({ id }).first(db.raw('extract(epoch from expires_at - created_at)::int AS ttl'));
    assert.equal(row.ttl, 600);
    assert.deepEqual(await createOAuthStateStore(db, -1).create(projectId, 'sid-3').then((old) => createOAuthStateStore(db).consume(old, 'sid-3')), {
      ok: false,
      reason: 'expired',
    });
  });

  it('stores no session id, only its hash', async () => {
    await createOAuthStateStore(db).create(projectId, 'very-secret-session-id');
    const rows = await db('oauth_states').select('session_hash');
    assert.ok(rows.every((r) => !String(r.session_hash).includes('very-secret')));
  });
});
