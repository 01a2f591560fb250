import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { CopyStripeSliceOutput } from '../../src/activities/copy-slice';
import { PAGE_SIZE } from '../../src/stripe/gateway';
import { runHistories } from './workflow-history';

/**
 * What the slices cost in list requests, from the slice activities' results in every run: each
 * slice ends on a page that is not full (or empty), so requests beyond the full pages its objects
 * need are the price of the parallelism the slices buy.
 */
export interface SlicePageStats {
  slices: number;
  /** slices that held no object: one request each */
  emptySlices: number;
  /** list requests whose page was committed */
  pages: number;
  /** the pages the objects would fill in one unsliced list, 100 to a page */
  fullPages: number;
}

export async function slicePageStats(client: Client, workflowId: string): Promise<SlicePageStats> {
  const slices = new Map<string, { pages: number; count: number }>();
  for await (const events of runHistories(client, workflowId)) {
    const copies = new Set<string>();
    for (const e of events) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'copyStripeSlice') copies.add(String(e.eventId));
      const done = e.activityTaskCompletedEventAttributes;
      const payload = done?.result?.payloads?.[0];
      if (!done || !payload || !copies.has(String(done.scheduledEventId))) continue;
      const output = defaultPayloadConverter.fromPayload<CopyStripeSliceOutput>(payload);
      const slice = slices.get(output.id) ?? { pages: 0, count: 0 };
      // A slice's count only grows, and runs come newest first: its largest count is its last.
      slices.set(output.id, { pages: slice.pages + (output.pages ?? 0), count: Math.max(slice.count, output.count) });
    }
  }
  const all = [...slices.values()];
  return {
    slices: all.length,
    emptySlices: all.filter((s) => s.count === 0).length,
    pages: all.reduce((sum, s) => sum + s.pages, 0),
    fullPages: Math.ceil(all.reduce((sum, s) => sum + s.count, 0) / PAGE_SIZE),
  };
}
