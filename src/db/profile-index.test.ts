import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createTestDb } from '../../test/support/postgres';
import { createProjectWithConnection } from '../../test/sync/identity-fixtures';
import { loadProfileIndex } from './profile-index';
import { createProfileStore } from './profile-store';

describe('profile index of a page', () => {
  let db: Knex;
  before(async () => ({ db } = await createTestDb()));

  it('finds planned profiles by key before they are inserted, and inserts them together', async () => {
    const { scope } = await createProjectWithConnection(db);
    const index = await loadProfileIndex(createProfileStore(db), scope.projectId, { emailKeys: ['a@x.io'], externalKeys: [], ids: [] });
    const id = index.plan({ email: 'A@x.io', emailKey: 'a@x.io' });
    assert.equal(index.byEmail('a@x.io'), id);
    await index.flush();
    assert.equal((await db('profiles').where({ id }).first()).email, 'A@x.io');
  });

  it('takes the profile another writer created meanwhile instead of failing', async () => {
    const { scope } = await createProjectWithConnection(db);
    const index = await loadProfileIndex(createProfileStore(db), scope.projectId, { emailKeys: ['b@x.io'], externalKeys: [], ids: [] });
    const planned = index.plan({ email: 'b@x.io', emailKey: 'b@x.io' });
    await db('profiles').insert({ id: 'prof_identify', project_id: scope.projectId, email: 'B@x.io', email_key: 'b@x.io' });
    await index.flush();
    assert.equal(index.resolve(planned), 'prof_identify');
    assert.equal((await db('profiles').where({ project_id: scope.projectId })).length, 1);
  });
});
