import type { Knex } from 'knex';
import { newId } from '../domain/ids';

const PROFILES = 'profiles';

export interface ProfileKeys {
  id: string;
  email_key: string | null;
  external_key: string | null;
}

type NewProfile = { email: string; email_key: string } | { external_key: string };

/**
 * The profiles one page of customers can touch, read in one query per key kind instead of one per
 * customer, with the profiles the page must create planned in memory (so a later customer of the
 * page finds them) and inserted together.
 */
export interface ProfileIndex {
  byEmail(emailKey: string): string | undefined;
  byExternal(externalKey: string): string | undefined;
  keysOf(id: string): ProfileKeys | undefined;
  /** Plans a profile and returns its id; it exists in the database after `flush`. */
  plan(fields: NewProfile): string;
  /** The profile's email key changed (it took an email). */
  setEmail(id: string, emailKey: string): void;
  forget(id: string): void;
  /** Inserts the planned profiles. */
  flush(): Promise<void>;
  /** The id a planned profile ended up with: another writer (the identify API) may have created it first. */
  resolve(id: string): string;
}

export async function loadProfileIndex(
  db: Knex,
  projectId: string,
  wanted: { emailKeys: string[]; externalKeys: string[]; ids: string[] },
): Promise<ProfileIndex> {
  const rows: ProfileKeys[] = await db(PROFILES)
    .where({ project_id: projectId })
    .where((q) => q.whereIn('email_key', wanted.emailKeys).orWhereIn('external_key', wanted.externalKeys).orWhereIn('id', wanted.ids))
    .select('id', 'email_key', 'external_key');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byEmail = new Map<string, string>();
  const byExternal = new Map<string, string>();
  const add = (r: ProfileKeys) => {
    byId.set(r.id, r);
    if (r.email_key) byEmail.set(r.email_key, r.id);
    if (r.external_key) byExternal.set(r.external_key, r.id);
  };
  rows.forEach(add);
  let planned: (NewProfile & { id: string })[] = [];
  const replaced = new Map<string, string>();

  return {
    byEmail: (key) => byEmail.get(key),
    byExternal: (key) => byExternal.get(key),
    keysOf: (id) => byId.get(id),
    plan(fields) {
      const id = newId('prof');
      planned.push({ id, ...fields });
      add({ id, email_key: 'email_key' in fields ? fields.email_key : null, external_key: 'external_key' in fields ? fields.external_key : null });
      return id;
    },
    setEmail(id, emailKey) {
      byExternal.delete(byId.get(id)?.external_key ?? '');
      add({ id, email_key: emailKey, external_key: null });
    },
    forget(id) {
      const row = byId.get(id);
      if (row?.email_key) byEmail.delete(row.email_key);
      if (row?.external_key) byExternal.delete(row.external_key);
      byId.delete(id);
    },
    async flush() {
      if (planned.length === 0) return;
      const batch = planned;
      planned = [];
      const inserted = new Set<string>(
        (await db(PROFILES).insert(batch.map((p) => ({ project_id: projectId, ...p }))).onConflict().ignore().returning('id'))
          .map((r: { id: string }) => r.id),
      );
      for (const p of batch.filter((b) => !inserted.has(b.id))) {
        const key = 'email_key' in p ? { email_key: p.email_key } : { external_key: p.external_key };
        const existing: { id: string } = await db(PROFILES).where({ project_id: projectId, ...key }).first('id');
        replaced.set(p.id, existing.id);
      }
    },
    resolve: (id) => replaced.get(id) ?? id,
  };
}
