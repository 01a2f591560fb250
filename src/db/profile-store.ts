import type { Knex } from 'knex';
import { DomainError, notFound, validationError } from '../domain/errors';
import { emailIdentity, type NormalizedEmail } from '../domain/email';
import { newId } from '../domain/ids';
import {
  splitTraitPatch, type NewProfileKey, type Profile, type ProfileKeys, type TraitPatch, type Traits,
} from '../domain/profile';
import type { TraitPredicate } from '../domain/segments';
import { afterCursor, keysetPage, selectMicros } from './keyset-cursor';
import { whereTraitPredicate } from './segment-store';

const TABLE = 'profiles';

export interface ProfileQuery {
  limit: number;
  /** opaque, from a previous page's `nextCursor` */
  cursor?: string | null;
  email?: string;
  /** only the members of a segment */
  segment?: TraitPredicate;
}

export interface ProfilePage {
  data: Profile[];
  nextCursor: string | null;
}

/** The `stripe.*` traits a profile's linked customers give it, and the display email they carry. */
export interface StripeTraitsUpdate {
  id: string;
  stripe: Traits;
  email: string | null;
  emailKey: string | null;
}

/**
 * The one owner of the `profiles` table: every read and write of a profile row goes through here,
 * whether it comes from the product's API or from the identity rules the sync applies (which bind
 * this store to their transaction).
 */
export interface ProfileStore {
  get(projectId: string, id: string): Promise<Profile>;
  list(projectId: string, query: ProfileQuery): Promise<ProfilePage>;
  /** The emails of these profiles of the project, by id (for lists that name whom each row is about). */
  emailsOf(projectId: string, ids: string[]): Promise<Map<string, string | null>>;
  /**
   * The product's own identify: updates the profile with this email (trimmed, case-insensitive) or
   * creates it. Only non-Stripe traits; the `stripe.*` keys the sync writes are kept.
   */
  identify(projectId: string, input: { email: string; traits: TraitPatch }): Promise<{ profile: Profile; created: boolean }>;
  update(projectId: string, id: string, input: { email?: string; traits?: TraitPatch }): Promise<Profile>;

  /** The keys of the profiles with any of these email keys, external keys or ids. */
  findKeys(projectId: string, wanted: { emailKeys: string[]; externalKeys: string[]; ids: string[] }): Promise<ProfileKeys[]>;
  /**
   * Creates profiles with the given ids; one whose key another writer took first is not created,
   * and the returned map names the existing profile for it.
   */
  createMany(projectId: string, profiles: (NewProfileKey & { id: string })[]): Promise<Map<string, string>>;
  /** A keyed-by-customer profile takes an email: it becomes that email's profile. */
  takeEmail(id: string, email: NormalizedEmail): Promise<void>;
  /** Folds `sourceId` into `targetId` (the target's traits win) and deletes the source row. */
  mergeInto(sourceId: string, targetId: string): Promise<void>;
  /** Rewrites the `stripe.*` traits (and display email) of these profiles; other traits are kept, unchanged rows untouched. */
  writeStripeTraits(updates: StripeTraitsUpdate[]): Promise<void>;
  /**
   * Deletes, of these profiles, those only the Stripe sync ever wrote (never identified or
   * updated through the API, no trait of their own). Their timelines go with them. Returns their ids.
   */
  removeStripeOnly(projectId: string, profileIds: string[]): Promise<string[]>;
}

/** The API's emails are validated non-empty; a blank one here is a caller's bug made visible. */
const normalizeEmail = (raw: string): NormalizedEmail => {
  const identity = emailIdentity(raw);
  if (!identity) throw validationError('email: must not be empty');
  return identity;
};

interface ProfileRow {
  id: string; project_id: string; email: string | null; email_key: string | null; external_key: string | null;
  traits: Traits; created_at: Date; updated_at: Date; created_at_us?: string; stripe_only?: boolean;
}

const toProfile = (r: ProfileRow): Profile => ({
  id: r.id, projectId: r.project_id, email: r.email, traits: r.traits, createdAt: r.created_at, updatedAt: r.updated_at,
});

const toKeys = (r: Pick<ProfileRow, 'id' | 'email_key' | 'external_key'>): ProfileKeys => ({ id: r.id, emailKey: r.email_key, externalKey: r.external_key });

const keyColumns = (p: NewProfileKey) =>
  'externalKey' in p ? { external_key: p.externalKey } : { email: p.email, email_key: p.emailKey };

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function createProfileStore(db: Knex): ProfileStore {
  return {
    async get(projectId, id) {
      const row = await db<ProfileRow>(TABLE).where({ project_id: projectId, id }).first();
      if (!row) throw notFound(`customer ${id}`);
      return toProfile(row);
    },

    async emailsOf(projectId, ids) {
      if (ids.length === 0) return new Map();
      const rows: Pick<ProfileRow, 'id' | 'email'>[] = await db(TABLE).where({ project_id: projectId }).whereIn('id', [...new Set(ids)]).select('id', 'email');
      return new Map(rows.map((r) => [r.id, r.email]));
    },

    async list(projectId, { limit, cursor, email, segment }) {
      let query = db<ProfileRow>(TABLE).select<ProfileRow[]>('*', selectMicros(db, 'created_at')).where({ project_id: projectId });
      if (email !== undefined) query = query.where({ email_key: normalizeEmail(email).emailKey });
      if (segment) query = whereTraitPredicate(query, segment);
      if (cursor) query = afterCursor(query, 'created_at', cursor, 'asc');
      const rows: ProfileRow[] = await query.orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(limit + 1);
      return keysetPage(rows, limit, (r) => r.created_at_us!, toProfile);
    },

    async identify(projectId, input) {
      const { email, emailKey } = normalizeEmail(input.email);
      const { set, unset } = splitTraitPatch(input.traits);
      const { rows } = await db.raw<{ rows: (ProfileRow & { inserted: boolean })[] }>(
        `INSERT INTO ${TABLE} (id, project_id, email, email_key, traits) VALUES (?, ?, ?, ?, ?::jsonb)
         ON CONFLICT (project_id, email_key) WHERE email_key IS NOT NULL DO UPDATE
           SET traits = (${TABLE}.traits - ?::text[]) || EXCLUDED.traits, stripe_only = false, updated_at = now()
         RETURNING *, (xmax = 0) AS inserted`,
        [newId('prof'), projectId, email, emailKey, JSON.stringify(set), unset],
      );
      const row = rows[0]!;
      return { profile: toProfile(row), created: row.inserted };
    },

    async update(projectId, id, input) {
      const { set, unset } = splitTraitPatch(input.traits ?? {});
      const email = input.email === undefined ? undefined : normalizeEmail(input.email);
      try {
        const [row] = await db<ProfileRow>(TABLE)
          .where({ project_id: projectId, id })
          .update({
            traits: db.raw('(traits - ?::text[]) || ?::jsonb', [unset, JSON.stringify(set)]),
            ...(email ? { email: email.email, email_key: email.emailKey } : {}),
            stripe_only: false,
            updated_at: db.fn.now(),
          })
          .returning('*');
        if (!row) throw notFound(`customer ${id}`);
        return toProfile(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DomainError('conflict', 'another customer of this project already has this email');
        throw err;
      }
    },

    async findKeys(projectId, { emailKeys, externalKeys, ids }) {
      // One unique-index lookup per key: an OR of the three kinds, or a list of ids left to the
      // planner, read every profile of the project when its statistics were stale (mid-sync).
      const { rows } = await db.raw<{ rows: Pick<ProfileRow, 'id' | 'email_key' | 'external_key'>[] }>(
        `SELECT id, email_key, external_key FROM ${TABLE} WHERE project_id = ? AND email_key = ANY(?)
         UNION SELECT id, email_key, external_key FROM ${TABLE} WHERE project_id = ? AND external_key = ANY(?)
         UNION SELECT p.id, p.email_key, p.external_key FROM unnest(?::text[]) AS k(id)
                 CROSS JOIN LATERAL (SELECT * FROM ${TABLE} WHERE id = k.id AND project_id = ? LIMIT 1) p`,
        [projectId, emailKeys, projectId, externalKeys, ids, projectId],
      );
      return rows.map(toKeys);
    },

    async createMany(projectId, profiles) {
      const existing = new Map<string, string>();
      if (profiles.length === 0) return existing;
      const inserted = new Set<string>(
        (await db(TABLE).insert(profiles.map((p) => ({ id: p.id, project_id: projectId, stripe_only: true, ...keyColumns(p) }))).onConflict().ignore().returning('id'))
          .map((r: { id: string }) => r.id),
      );
      for (const p of profiles.filter((b) => !inserted.has(b.id))) {
        const key = 'externalKey' in p ? { external_key: p.externalKey } : { email_key: p.emailKey };
        const row: { id: string } = await db(TABLE).where({ project_id: projectId, ...key }).first('id');
        existing.set(p.id, row.id);
      }
      return existing;
    },

    async takeEmail(id, { email, emailKey }) {
      await db(TABLE).where({ id }).update({ email, email_key: emailKey, external_key: null, updated_at: db.fn.now() });
    },

    async mergeInto(sourceId, targetId) {
      await db.raw(
        `UPDATE ${TABLE} t SET traits = (s.traits || t.traits), stripe_only = (t.stripe_only AND s.stripe_only), updated_at = now()
           FROM ${TABLE} s WHERE t.id = ? AND s.id = ?`,
        [targetId, sourceId],
      );
      await db(TABLE).where({ id: sourceId }).delete();
    },

    async removeStripeOnly(projectId, profileIds) {
      if (profileIds.length === 0) return [];
      const removed: { id: string }[] = await db(TABLE)
        .where({ project_id: projectId, stripe_only: true }).whereIn('id', profileIds)
        .whereRaw(`NOT EXISTS (SELECT 1 FROM jsonb_object_keys(traits) k WHERE k NOT LIKE 'stripe.%')`)
        .delete().returning('id');
      return removed.map((r) => r.id);
    },

    async writeStripeTraits(updates) {
      if (updates.length === 0) return;
      // The display email follows the customer the traits come from, only when it is the same
      // address (same key): a profile's identity never changes here.
      await db.raw(
        `WITH v AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS v(id text, stripe jsonb, email text, email_key text)),
         next AS (
           SELECT p.id,
                  (SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                     FROM jsonb_each(p.traits) e WHERE e.key NOT LIKE 'stripe.%') || v.stripe AS traits,
                  CASE WHEN v.email_key = p.email_key THEN v.email ELSE p.email END AS email
             FROM ${TABLE} p JOIN v ON v.id = p.id)
         UPDATE ${TABLE} p SET traits = next.traits, email = next.email, updated_at = now()
           FROM next
          WHERE p.id = next.id AND (p.traits IS DISTINCT FROM next.traits OR p.email IS DISTINCT FROM next.email)`,
        [JSON.stringify(updates.map((u) => ({ id: u.id, stripe: u.stripe, email: u.email, email_key: u.emailKey })))],
      );
    },
  };
}
