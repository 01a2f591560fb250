import { newId } from '../domain/ids';
import type { NewProfileKey, ProfileKeys } from '../domain/profile';
import type { ProfileStore } from './profile-store';

/**
 * The profiles one page of customers can touch, read in one query per page instead of one per
 * customer, with the profiles the page must create planned in memory (so a later customer of the
 * page finds them) and created together. Reads and writes go through the profile store.
 */
export interface ProfileIndex {
  byEmail(emailKey: string): string | undefined;
  byExternal(externalKey: string): string | undefined;
  keysOf(id: string): ProfileKeys | undefined;
  /** Plans a profile and returns its id; it exists in the database after `flush`. */
  plan(key: NewProfileKey): string;
  /** The profile's email key changed (it took an email). */
  setEmail(id: string, emailKey: string): void;
  forget(id: string): void;
  /** Creates the planned profiles. */
  flush(): Promise<void>;
  /** The id a planned profile ended up with: another writer (the identify API) may have created it first. */
  resolve(id: string): string;
}

export async function loadProfileIndex(
  profiles: Pick<ProfileStore, 'findKeys' | 'createMany'>,
  projectId: string,
  wanted: { emailKeys: string[]; externalKeys: string[]; ids: string[] },
): Promise<ProfileIndex> {
  const byId = new Map<string, ProfileKeys>();
  const byEmail = new Map<string, string>();
  const byExternal = new Map<string, string>();
  const add = (k: ProfileKeys) => {
    byId.set(k.id, k);
    if (k.emailKey) byEmail.set(k.emailKey, k.id);
    if (k.externalKey) byExternal.set(k.externalKey, k.id);
  };
  (await profiles.findKeys(projectId, wanted)).forEach(add);
  let planned: (NewProfileKey & { id: string })[] = [];
  const replaced = new Map<string, string>();

  return {
    byEmail: (key) => byEmail.get(key),
    byExternal: (key) => byExternal.get(key),
    keysOf: (id) => byId.get(id),
    plan(key) {
      const id = newId('prof');
      planned.push({ id, ...key });
      add({ id, emailKey: 'emailKey' in key ? key.emailKey : null, externalKey: 'externalKey' in key ? key.externalKey : null });
      return id;
    },
    setEmail(id, emailKey) {
      byExternal.delete(byId.get(id)?.externalKey ?? '');
      add({ id, emailKey, externalKey: null });
    },
    forget(id) {
      const keys = byId.get(id);
      if (keys?.emailKey) byEmail.delete(keys.emailKey);
      if (keys?.externalKey) byExternal.delete(keys.externalKey);
      byId.delete(id);
    },
    async flush() {
      const batch = planned;
      planned = [];
      for (const [plannedId, existingId] of await profiles.createMany(projectId, batch)) replaced.set(plannedId, existingId);
    },
    resolve: (id) => replaced.get(id) ?? id,
  };
}
