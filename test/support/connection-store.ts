import { createConnectionStore, type ConnectionStore } from '../../src/db/connection-store';
import type { Knex } from '../../src/db/knex';
import { createProjectStore } from '../../src/db/project-store';
import { createEncryptor, generateEncryptionKey } from '../../src/security/encryption';
import { createTestDb } from './postgres';

export interface ConnectionStoreFixture {
  db: Knex;
  store: ConnectionStore;
  /** a project created for the suite */
  projectId: string;
}

/** Registers a hook giving the suite a fresh database, the real connection store over it, and a project. */
export function useConnectionStore(projectName: string): ConnectionStoreFixture {
  const fixture = {} as ConnectionStoreFixture;
  before(async () => {
    ({ db: fixture.db } = await createTestDb());
    fixture.store = createConnectionStore(fixture.db, createEncryptor(generateEncryptionKey()));
    fixture.projectId = (await createProjectStore(fixture.db).create(projectName)).project.id;
  });
  return fixture;
}
