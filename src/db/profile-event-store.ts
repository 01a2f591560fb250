import type { Knex } from 'knex';
import { newId } from '../domain/ids';
import type { NewProfileEvent, ProfileEvent, ProfileEventSource } from '../domain/profile';
import { afterCursor, keysetPage, selectMicros } from './keyset-cursor';
import type { ProfileOwnedRows } from './profile-owned-rows';

const TABLE = 'profile_events';

interface EventRow {
  id: string; project_id: string; profile_id: string; type: string; source: ProfileEventSource; source_event_id: string | null;
  occurred_at: Date; historical: boolean; properties: Record<string, unknown>; created_at: Date; occurred_at_us?: string;
}

const toEvent = (r: EventRow): ProfileEvent => ({
  id: r.id,
  projectId: r.project_id,
  profileId: r.profile_id,
  name: r.type,
  source: r.source,
  sourceEventId: r.source_event_id,
  occurredAt: r.occurred_at,
  historical: r.historical,
  properties: r.properties,
  createdAt: r.created_at,
});

export interface ProfileEventPage {
  data: ProfileEvent[];
  nextCursor: string | null;
}

/** The one owner of `profile_events`: each profile's timeline. */
export interface ProfileEventStore extends ProfileOwnedRows {
  /**
   * Records an event once per (project, source, source event id): a redelivered Stripe event
   * returns the entry recorded first, with `created: false`. Entries without a source id are
   * always new.
   */
  record(event: NewProfileEvent): Promise<{ event: ProfileEvent; created: boolean }>;
  /** Records many at once, each once per source id as `record` does; returns how many were new. */
  recordMany(events: NewProfileEvent[]): Promise<number>;
  /** A profile's timeline, newest first; `cursor` from the previous page's `nextCursor`. */
  listForProfile(projectId: string, profileId: string, page: { limit: number; cursor?: string | null }): Promise<ProfileEventPage>;
  /** The earliest entry named `name` on the profile that happened at or after `since`, other than `exceptId`. */
  firstSince(profileId: string, name: string, since: Date, exceptId?: string): Promise<ProfileEvent | undefined>;
  get(projectId: string, id: string): Promise<ProfileEvent | undefined>;
  /** Moves a profile's entries to another profile (two profiles merged). */
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
}

export function createProfileEventStore(db: Knex): ProfileEventStore {
  return {
    async record(e) {
      const { rows } = await db.raw<{ rows: EventRow[] }>(
        `INSERT INTO ${TABLE} (id, project_id, profile_id, type, source, source_event_id, occurred_at, historical, properties)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
         ON CONFLICT (project_id, source, source_event_id) WHERE source_event_id IS NOT NULL DO NOTHING
         RETURNING *`,
        [newId('pev'), e.projectId, e.profileId, e.name, e.source, e.sourceEventId, e.occurredAt, e.historical ?? false, JSON.stringify(e.properties)],
      );
      if (rows[0]) return { event: toEvent(rows[0]), created: true };
      // the insert conflicted, so the entry recorded first is there
      const first = (await db<EventRow>(TABLE).where({ project_id: e.projectId, source: e.source, source_event_id: e.sourceEventId }).first())!;
      return { event: toEvent(first), created: false };
    },

    async recordMany(events) {
      if (events.length === 0) return 0;
      const { rows } = await db.raw<{ rows: { id: string }[] }>(
        `INSERT INTO ${TABLE} (id, project_id, profile_id, type, source, source_event_id, occurred_at, historical, properties)
         SELECT * FROM jsonb_to_recordset(?::jsonb) AS e(id text, project_id text, profile_id text, type text, source text,
           source_event_id text, occurred_at timestamptz, historical boolean, properties jsonb)
         ON CONFLICT (project_id, source, source_event_id) WHERE source_event_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [JSON.stringify(events.map((e) => ({
          id: newId('pev'), project_id: e.projectId, profile_id: e.profileId, type: e.name, source: e.source, source_event_id: e.sourceEventId,
          occurred_at: e.occurredAt.toISOString(), historical: e.historical ?? false, properties: e.properties,
        })))],
      );
      return rows.length;
    },

    async listForProfile(projectId, profileId, { limit, cursor }) {
      let query = db<EventRow>(TABLE).select<EventRow[]>('*', selectMicros(db, 'occurred_at')).where({ project_id: projectId, profile_id: profileId });
      if (cursor) query = afterCursor(query, 'occurred_at', cursor, 'desc');
      const rows: EventRow[] = await query.orderBy([{ column: 'occurred_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit + 1);
      return keysetPage(rows, limit, (r) => r.occurred_at_us!, toEvent);
    },

    async firstSince(profileId, name, since, exceptId) {
      let query = db<EventRow>(TABLE).where({ profile_id: profileId, type: name, historical: false }).where('occurred_at', '>=', since);
      if (exceptId) query = query.whereNot({ id: exceptId });
      const row = await query.orderBy([{ column: 'occurred_at', order: 'asc' }, { column: 'id', order: 'asc' }]).first();
      return row ? toEvent(row) : undefined;
    },

    async get(projectId, id) {
      const row = await db<EventRow>(TABLE).where({ project_id: projectId, id }).first();
      return row ? toEvent(row) : undefined;
    },

    async moveToProfile(sourceProfileId, targetProfileId) {
      await db(TABLE).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },

    /** Entries of another source than Stripe (the product's own, automations') keep a profile. */
    async profilesKeptBy(profileIds) {
      if (profileIds.length === 0) return [];
      return db(TABLE).whereIn('profile_id', profileIds).whereNot({ source: 'stripe' }).distinct().pluck<string[]>('profile_id');
    },
  };
}
