import { heartbeat } from '@temporalio/activity';
import { historyEntries, type HistoryObjectKind } from '../domain/timeline-history';
import type { ActivityDeps } from './deps';

export interface ImportTimelineHistoryInput {
  connectionId: string;
  /** where the previous call stopped */
  from?: { kind: HistoryObjectKind; afterId: string | null };
  maxPages?: number;
}

export interface ImportTimelineHistoryOutput {
  /** entries that were new (importing again records nothing twice) */
  recorded: number;
  /** where to go on from, or null once everything was read */
  next: { kind: HistoryObjectKind; afterId: string | null } | null;
}

const KINDS: HistoryObjectKind[] = ['subscription', 'charge'];
const PAGE = 500;

export function createTimelineHistoryActivities({ connections, mirrorHistory, profileEvents }: ActivityDeps) {
  return {
    /**
     * Fills the connection's customers' timelines with their past from the mirrored subscriptions
     * and charges, as historical entries from before the events watermark (live events tell the
     * rest), when the connection has the option on. Bounded per call; resumable from `next`.
     */
    async importTimelineHistory({ connectionId, from, maxPages = 20 }: ImportTimelineHistoryInput): Promise<ImportTimelineHistoryOutput> {
      const connection = await connections.get(connectionId);
      if (!connection.timelineHistory || connection.status === 'disconnected') return { recorded: 0, next: null };
      const before = connection.eventsWatermark ?? connection.connectedAt;
      let kind = from?.kind ?? KINDS[0]!;
      let afterId = from?.afterId ?? null;
      let recorded = 0;
      for (let page = 0; page < maxPages; page++) {
        const objects = await mirrorHistory.page(connectionId, kind, afterId, PAGE);
        const entries = objects.flatMap((o) => historyEntries(kind, o.data, { projectId: connection.projectId, profileId: o.profileId }, before));
        recorded += await profileEvents.recordMany(entries);
        heartbeat({ kind, afterId, recorded });
        if (objects.length === PAGE) {
          afterId = objects.at(-1)!.id;
          continue;
        }
        const nextKind = KINDS[KINDS.indexOf(kind) + 1];
        if (!nextKind) return { recorded, next: null };
        kind = nextKind;
        afterId = null;
      }
      return { recorded, next: { kind, afterId } };
    },
  };
}
