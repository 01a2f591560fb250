import type { Knex } from 'knex';
import type { HistoryObjectKind } from '../domain/timeline-history';

const TABLE_OF: Record<HistoryObjectKind, string> = { subscription: 'stripe_subscriptions', charge: 'stripe_charges' };

export interface MirroredObject {
  id: string;
  profileId: string;
  data: unknown;
}

/** The mirrored subscriptions and charges that belong to a profile, page by page in id order. */
export interface MirrorHistoryReadModel {
  page(connectionId: string, kind: HistoryObjectKind, afterId: string | null, limit: number): Promise<MirroredObject[]>;
}

export function createMirrorHistoryReadModel(db: Knex): MirrorHistoryReadModel {
  return {
    async page(connectionId, kind, afterId, limit) {
      const query = db(TABLE_OF[kind]).where({ connection_id: connectionId }).whereNotNull('profile_id');
      if (afterId) void query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit).select<{ id: string; profile_id: string; data: unknown }[]>('id', 'profile_id', 'data');
      return rows.map((r) => ({ id: r.id, profileId: r.profile_id, data: r.data }));
    },
  };
}
