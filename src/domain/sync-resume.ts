/**
 * The plan of a sync run rebuilt from what it committed, for a retry that resumes the run instead
 * of reading every page again. Pure and sandbox-safe.
 */
import { CREATED_FLOOR, STRIPE_OBJECT_TYPES, freshSlice, sliceSeq, type SlicePlan, type StripeObjectType, type SyncSlice } from './sync-slices';

/** A slice as its last committed page left it (a checkpoint). */
export interface CommittedSlice {
  sliceId: string;
  objectType: StripeObjectType;
  gte: number;
  lt: number;
  cursor: string | null;
  lastCreated: number | null;
  count: number;
  pages: number;
  done: boolean;
}

/**
 * Every committed slice continues from its cursor; what no slice committed becomes fresh slices.
 * A checkpoint's upper bound is exact (splits never move it), but its lower bound may be stale: an
 * idle slice split after its last page gave its older half to another slice. So each slice is cut
 * at the upper bound of the committed slice below it; the slices below that never committed leave
 * gaps, which become fresh slices, and together they cover [CREATED_FLOOR, createdBefore] once.
 */
export function resumedPlan(committed: readonly CommittedSlice[], createdBefore: number): SlicePlan {
  let nextSeq = Math.max(-1, ...committed.map((c) => sliceSeq(c.sliceId))) + 1;
  const end = createdBefore + 1;
  const slices: SyncSlice[] = [];
  for (const type of STRIPE_OBJECT_TYPES) {
    const ofType = committed.filter((c) => c.objectType === type).sort((a, b) => a.lt - b.lt);
    let covered = CREATED_FLOOR;
    for (const c of ofType) {
      const gte = Math.max(c.gte, covered);
      if (gte > covered) slices.push(freshSlice(type, nextSeq++, covered, gte));
      const { sliceId: id, cursor, lastCreated, count, pages, done } = c;
      slices.push({ id, type, gte, lt: c.lt, cursor, lastCreated, count, pages, done });
      covered = c.lt;
    }
    if (covered < end) slices.push(freshSlice(type, nextSeq++, covered, end));
  }
  return { slices, nextSeq };
}
