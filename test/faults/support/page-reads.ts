/**
 * The backfill as the emulator's request log saw it: the pages of customers, subscriptions and
 * charges the sync asked for (a `created` range, and a cursor after its first page), and which of
 * them it asked for again after a fault.
 */
import { SYNCED_LISTS, type LoggedRequest } from '../../sync/sync-harness';

/** The sync's page requests, oldest first (lists of a customer's objects, and the event list, are not the backfill's). */
export const backfillPages = (log: LoggedRequest[]): LoggedRequest[] =>
  log.filter((r) => SYNCED_LISTS.has(r.endpoint ?? '') && new URLSearchParams(r.query ?? '').has('created[lt]'));

/** The slice's cursor a page continues from; null for the first page of a slice. */
export const startingAfter = (r: LoggedRequest): string | null => new URLSearchParams(r.query ?? '').get('starting_after');

/** Pages asked for again after one fault: how many pages, and how many requests for them. */
export interface ReReads { pages: number; requests: number }

/**
 * The pages asked for a second time (the same list, range and cursor as before), by the fault
 * they followed: `[0]` before the first fault, `[i]` between fault i and the next. A page whose
 * commit failed is read once more per retry while PostgreSQL is down: one page, several requests.
 */
export function reReadsByFault(pages: LoggedRequest[], faultTimes: number[]): ReReads[] {
  const seen = new Set<string>();
  const reRead = faultTimes.map(() => new Set<string>()).concat([new Set<string>()]);
  const requests = new Array<number>(faultTimes.length + 1).fill(0);
  for (const r of pages) {
    const key = `${r.path}?${r.query}`;
    const interval = faultTimes.filter((t) => t <= r.time).length;
    if (seen.has(key)) {
      reRead[interval]!.add(key);
      requests[interval]!++;
    }
    seen.add(key);
  }
  return reRead.map((keys, i) => ({ pages: keys.size, requests: requests[i]! }));
}
