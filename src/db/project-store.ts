import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type { Project } from '../domain/project';
import { generateApiKey, hashApiKey } from '../security/api-keys';

const TABLE = 'projects';
const KEYS = 'api_keys';

interface ProjectRow { id: string; name: string; alert_email: string | null; created_at: Date }
const toProject = (r: ProjectRow): Project => ({ id: r.id, name: r.name, alertEmail: r.alert_email ?? null, createdAt: r.created_at });

export interface ProjectStore {
  /** Creates a project and its first API key; the key is returned once and only its hash is stored. */
  create(name: string): Promise<{ project: Project; apiKey: string }>;
  get(id: string): Promise<Project>;
  find(id: string): Promise<Project | undefined>;
  list(): Promise<Project[]>;
  /** Revokes every key of the project and issues a new one. */
  rotateKey(id: string): Promise<string>;
  findByApiKey(apiKey: string): Promise<Project | undefined>;
  /** Where the project's connection alerts go; null stops them. */
  setAlertEmail(id: string, alertEmail: string | null): Promise<Project>;
}

export function createProjectStore(db: Knex): ProjectStore {
  async function issueKey(trx: Knex, projectId: string): Promise<string> {
    const apiKey = generateApiKey();
    await trx(KEYS).insert({ id: newId('key'), project_id: projectId, key_hash: hashApiKey(apiKey), last4: apiKey.slice(-4) });
    return apiKey;
  }

  const store: ProjectStore = {
    async create(name) {
      return db.transaction(async (trx) => {
        const [row] = await trx<ProjectRow>(TABLE).insert({ id: newId('proj'), name }).returning('*');
        return { project: toProject(row), apiKey: await issueKey(trx, row.id) };
      });
    },
    async find(id) {
      const row = await db<ProjectRow>(TABLE).where({ id }).first();
      return row ? toProject(row) : undefined;
    },
    async get(id) {
      const project = await store.find(id);
      if (!project) throw notFound(`project ${id}`);
      return project;
    },
    async list() {
      return (await db(TABLE).orderBy('created_at', 'asc')).map(toProject);
    },
    async rotateKey(id) {
      await store.get(id);
      return db.transaction(async (trx) => {
        await trx(KEYS).where({ project_id: id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
        return issueKey(trx, id);
      });
    },
    async findByApiKey(apiKey) {
      const row = await db(TABLE)
        .join(KEYS, `${KEYS}.project_id`, `${TABLE}.id`)
        .where(`${KEYS}.key_hash`, hashApiKey(apiKey))
        .whereNull(`${KEYS}.revoked_at`)
        .first<ProjectRow | undefined>(`${TABLE}.*`);
      return row ? toProject(row) : undefined;
    },
    async setAlertEmail(id, alertEmail) {
      const [row] = await db<ProjectRow>(TABLE).where({ id }).update({ alert_email: alertEmail }).returning('*');
      if (!row) throw notFound(`project ${id}`);
      return toProject(row as ProjectRow);
    },
  };
  return store;
}
