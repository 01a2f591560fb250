import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import { notFound } from '../domain/errors';
import type { Segment, SegmentDefinition, SegmentRule, TraitPredicate } from '../domain/segments';
import { rulePredicate } from '../domain/segments';

const TABLE = 'segments';
const PROFILES = 'profiles';

interface SegmentRow { id: string; project_id: string; key: string; name: string; rule: SegmentRule; created_at: Date }

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id, projectId: r.project_id, key: r.key, name: r.name, rule: r.rule, createdAt: r.created_at,
});

/** Narrows a profiles query to the members of a rule (shared by counts here and member lists in the profile store). */
export function whereTraitPredicate<TRecord extends object, TResult>(qb: Knex.QueryBuilder<TRecord, TResult>, p: TraitPredicate): Knex.QueryBuilder<TRecord, TResult> {
  switch (p.op) {
    case 'equals':
      // containment uses the GIN index on traits
      return qb.whereRaw('traits @> ?::jsonb', [JSON.stringify({ [p.trait]: p.value })]);
    case 'at_least':
      // ISO 8601 strings of one format order by time when compared byte-wise
      return qb.whereRaw('(traits ->> ?) COLLATE "C" >= ?', [p.trait, p.value]);
  }
}

export interface SegmentWithCount extends Segment {
  count: number;
}

export interface SegmentStore {
  /** Adds the segments the project lacks; existing ones (same key) are left as they are. */
  ensure(projectId: string, definitions: readonly SegmentDefinition[]): Promise<void>;
  list(projectId: string): Promise<SegmentWithCount[]>;
  get(projectId: string, key: string): Promise<Segment>;
}

export function createSegmentStore(db: Knex, now: () => Date = () => new Date()): SegmentStore {
  const countMembers = async (s: Segment): Promise<number> => {
    const query = db(PROFILES).where({ project_id: s.projectId });
    const row = await whereTraitPredicate(query, rulePredicate(s.rule, now())).count<{ count: string }[]>('* as count').first();
    return Number(row?.count ?? 0);
  };

  return {
    async ensure(projectId, definitions) {
      if (definitions.length === 0) return;
      await db(TABLE)
        .insert(definitions.map((d) => ({ id: newId('seg'), project_id: projectId, key: d.key, name: d.name, rule: JSON.stringify(d.rule) })))
        .onConflict(['project_id', 'key'])
        .ignore();
    },
    async list(projectId) {
      const segments = (await db(TABLE).where({ project_id: projectId }).orderBy('created_at', 'asc').orderBy('key')).map(toSegment);
      return Promise.all(segments.map(async (s) => ({ ...s, count: await countMembers(s) })));
    },
    async get(projectId, key) {
      const row = await db<SegmentRow>(TABLE).where({ project_id: projectId, key }).first();
      if (!row) throw notFound(`segment ${key}`);
      return toSegment(row);
    },
  };
}
