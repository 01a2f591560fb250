import type { InboxEvent } from '../db/event-inbox-store';
import { maskSecrets } from '../stripe/errors';
import type { EventState } from './apply-event';
import { readAhead, type ReadResult } from './read-ahead';

/** An inbox row and what was read of it in Stripe. */
export interface ReadRow { row: InboxEvent; state: EventState }
/** What became of one event: applied, or failed with the (secret-masked) message of what stopped it */
export interface Outcome { row: InboxEvent; failure?: string }

/** Events whose Stripe reads run ahead of their turn. */
const READ_AHEAD = 16;

/**
 * Consecutive events applied in one transaction at most: one project lock and one commit for them
 * all. Only events whose reads are already in join the first one, so a quiet account's event never
 * waits for the next one's read.
 */
const EVENTS_PER_TRANSACTION = 20;

export const failureOf = (error: unknown): string => maskSecrets(error instanceof Error ? error.message : String(error));

export interface EventBatchesInput {
  /** a page of the inbox, in sequence order */
  rows: readonly InboxEvent[];
  /** whether a row is read in Stripe and applied (the others are settled one by one by the caller) */
  grouped: (row: InboxEvent) => boolean;
  read: (row: InboxEvent) => Promise<EventState>;
  /** applies events, in order, in one transaction that settles them */
  applyTogether: (group: ReadRow[]) => Promise<void>;
}

/**
 * Reads a page's events in Stripe ahead of their turn and applies them in groups: the event at a
 * position together with the grouped events after it whose reads are already in. A group that
 * fails is applied again one event at a time up to the one that fails, so one bad event holds
 * back no other.
 */
export function eventBatches({ rows, grouped, read, applyTogether }: EventBatchesInput) {
  const reads = readAhead(rows.filter(grouped), read, READ_AHEAD);
  const taken = new Map<InboxEvent, ReadResult<EventState>>();
  const stateOf = async (row: InboxEvent) => {
    const known = taken.get(row) ?? (await reads.take(row));
    taken.set(row, known);
    return known;
  };

  /** The events from `rows[from]` on that go into one transaction: the first, and those already read after it. */
  const groupAt = async (from: number): Promise<ReadRow[] | Outcome> => {
    const group: ReadRow[] = [];
    for (let i = from; i < rows.length && group.length < EVENTS_PER_TRANSACTION; i++) {
      const row = rows[i]!;
      if (!grouped(row) || (group.length > 0 && !taken.has(row) && !reads.isDone(row))) break;
      const result = await stateOf(row);
      if ('error' in result) return group.length ? group : { row, failure: failureOf(result.error) };
      group.push({ row, state: result.ok });
    }
    return group;
  };

  const applyGroup = async (group: ReadRow[]): Promise<Outcome[]> => {
    try {
      await applyTogether(group);
      return group.map(({ row }) => ({ row }));
    } catch (error) {
      if (group.length === 1) return [{ row: group[0]!.row, failure: failureOf(error) }];
      const outcomes: Outcome[] = [];
      for (const one of group) {
        const [outcome] = await applyGroup([one]);
        outcomes.push(outcome!);
        if (outcome!.failure !== undefined) break;
      }
      return outcomes;
    }
  };

  return {
    /** Applies the group that begins at `rows[from]` (a grouped row); what became of each of its events, in order. */
    async applyFrom(from: number): Promise<Outcome[]> {
      const group = await groupAt(from);
      return Array.isArray(group) ? applyGroup(group) : [group];
    },
  };
}
