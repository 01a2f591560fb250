import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { DomainError, notFound, validationError } from '../domain/errors';
import type { TraitPredicate } from '../domain/segments';
import { whereTraitPredicate } from './segment-store';
import { emailIdentity, type NormalizedEmail } from '../domain/email';

const TABLE = 'profiles';

export type TraitValue = string | number | boolean;
export type Traits = Record<string, TraitValue>;
/** A change to traits: a value sets the key, null removes it. */
export type TraitPatch = Record<string, TraitValue | null>;

export interface Profile {
  id: string;
  projectId: string;
  email: string | null;
  traits: Traits;
  createdAt: Date;
  updatedAt: Date;
}

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

export interface ProfileStore {
  get(projectId: string, id: string): Promise<Profile>;
  list(projectId: string, query: ProfileQuery): Promise<ProfilePage>;
  /**
   * The product's own identify: updates the profile with this email (trimmed, case-insensitive) or
   * creates it. Only non-Stripe traits; the `stripe.*` keys the sync writes are kept.
   */
  identify(projectId: string, input: { email: string; traits: TraitPatch }): Promise<{ profile: Profile; created: boolean }>;
  update(projectId: string, id: string, input: { email?: string; traits?: TraitPatch }): Promise<Profile>;
}

/** `stripe.*` traits belong to the sync; nothing else may write them. */
export const RESERVED_TRAIT_PREFIX = 'stripe.';

export const isReservedTrait = (key: string): boolean => key.toLowerCase().startsWith(RESERVED_TRAIT_PREFIX);

/** The API's emails are validated non-empty; a blank one here is a caller's bug made visible. */
const normalizeEmail = (raw: string): NormalizedEmail => {
  const identity = emailIdentity(raw);
  if (!identity) throw validationError('email: must not be empty');
  return identity;
};

interface ProfileRow {
  id: string; project_id: string; email: string | null; traits: Traits; created_at: Date; updated_at: Date;
  created_us?: number;
}

const toProfile = (r: ProfileRow): Profile => ({
  id: r.id, projectId: r.project_id, email: r.email, traits: r.traits, createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Keyset cursor over (created_at, id); microseconds, since Postgres keeps more precision than a JS Date. */
const encodeCursor = (createdUs: number, id: string) => Buffer.from(`${createdUs}:${id}`).toString('base64url');

function decodeCursor(cursor: string): { createdUs: number; id: string } {
  const m = /^(\d{1,17}):([\w-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw validationError('cursor: is not a cursor returned by this list');
  return { createdUs: Number(m[1]), id: m[2]! };
}

function splitPatch(patch: TraitPatch): { set: Traits; unset: string[] } {
  const reserved = Object.keys(patch).filter(isReservedTrait);
  if (reserved.length) {
    throw validationError(`traits: ${reserved.join(', ')}: traits starting with "${RESERVED_TRAIT_PREFIX}" come from Stripe and cannot be written`);
  }
  const set: Traits = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export function createProfileStore(db: Knex): ProfileStore {
  return {
    async get(projectId, id) {
      const row = await db(TABLE).where({ project_id: projectId, id }).first();
      if (!row) throw notFound(`customer ${id}`);
      return toProfile(row);
    },

    async list(projectId, { limit, cursor, email, segment }) {
      let query = db(TABLE)
        .select('*', db.raw('(extract(epoch from created_at) * 1000000)::bigint AS created_us'))
        .where({ project_id: projectId });
      if (email !== undefined) query = query.where({ email_key: normalizeEmail(email).emailKey });
      if (segment) query = whereTraitPredicate(query, segment);
      if (cursor) {
        const after = decodeCursor(cursor);
        query = query.whereRaw(`(created_at, id) > (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?)`, [after.createdUs, after.id]);
      }
      const rows: ProfileRow[] = await query.orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map(toProfile),
        nextCursor: rows.length > limit && last ? encodeCursor(last.created_us!, last.id) : null,
      };
    },

    async identify(projectId, input) {
      const { email, emailKey } = normalizeEmail(input.email);
      const { set, unset } = splitPatch(input.traits);
      const { rows } = await db.raw<{ rows: (ProfileRow & { inserted: boolean })[] }>(
        `INSERT INTO ${TABLE} (id, project_id, email, email_key, traits) VALUES (?, ?, ?, ?, ?::jsonb)
         ON CONFLICT (project_id, email_key) WHERE email_key IS NOT NULL DO UPDATE
           SET traits = (${TABLE}.traits - ?::text[]) || EXCLUDED.traits, updated_at = now()
         RETURNING *, (xmax = 0) AS inserted`,
        [newId('prof'), projectId, email, emailKey, JSON.stringify(set), unset],
      );
      const row = rows[0]!;
      return { profile: toProfile(row), created: row.inserted };
    },

    async update(projectId, id, input) {
      const { set, unset } = splitPatch(input.traits ?? {});
      const email = input.email === undefined ? undefined : normalizeEmail(input.email);
      try {
        const [row] = await db(TABLE)
          .where({ project_id: projectId, id })
          .update({
            traits: db.raw('(traits - ?::text[]) || ?::jsonb', [unset, JSON.stringify(set)]),
            ...(email ? { email: email.email, email_key: email.emailKey } : {}),
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
  };
}
