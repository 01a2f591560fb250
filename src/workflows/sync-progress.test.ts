import assert from 'node:assert/strict';
import type { SyncSlice } from '../domain/sync-slices';
import type { StripeSyncState } from './messages';
import { duration, progressMarkdown, progressView, sliceSummary } from './sync-progress';

const slice = (over: Partial<SyncSlice>): SyncSlice =>
  ({ id: 'customers-0', type: 'customers', gte: 1_700_000_000, lt: 1_700_100_000, cursor: null, lastCreated: null, count: 0, done: false, ...over });

/** Customers half read at a steady density; subscriptions and charges done. */
const state = (): StripeSyncState => ({
  syncRunId: 'run_1', createdBefore: 1_700_100_000, concurrency: 4, continuedAsNew: 2, budgetPerSecond: 12, resumes: 1,
  plan: {
    nextSeq: 3,
    slices: [
      slice({ cursor: 'cus_1', lastCreated: 1_700_050_000, count: 12_400, pages: 124 }),
      slice({ id: 'subscriptions-1', type: 'subscriptions', count: 300, done: true }),
      slice({ id: 'charges-2', type: 'charges', count: 700, done: true }),
    ],
  },
});

describe('how a sync reads in the Temporal UI', () => {
  it('details: counts against estimates, budget, the ETA at this run\'s rate, slices, resumes', () => {
    const now = Date.now();
    const view = progressView(state(), 'customers', new Set(['customers-0']), { sinceMs: now - 100_000, copiedBefore: 13_400 - 1_000 });
    assert.equal(view.totals.customers, 24_800, 'the unread half as dense as the read one');
    assert.equal(view.etaSeconds, 1_240, '12,400 left at 1,000 per 100 s');
    const markdown = progressMarkdown(view);
    assert.match(markdown, /^\*\*customers\*\* 12,400 \/ ~24,800 · \*\*subscriptions\*\* 300 \/ ~300 · \*\*charges\*\* 700 \/ ~700$/m);
    assert.match(markdown, /\*\*phase:\*\* customers · \*\*budget:\*\* 12 req\/s · \*\*ETA:\*\* 21 min/);
    assert.match(markdown, /\*\*slices:\*\* 2 of 3 done, 1 running · \*\*continued as new:\*\* 2× · \*\*resumed:\*\* 1×/);
  });

  it('no ETA while an estimate is missing, or before this run has copied anything', () => {
    const unknown = state();
    unknown.plan.slices[1] = slice({ id: 'subscriptions-1', type: 'subscriptions' });
    assert.equal(progressView(unknown, 'customers', new Set(), { sinceMs: 0, copiedBefore: 0 }).etaSeconds, null);
    assert.equal(progressView(state(), 'customers', new Set(), { sinceMs: Date.now() - 1_000, copiedBefore: 13_400 }).etaSeconds, null);
  });

  it('an activity names its slice by dates and the page it starts at', () => {
    assert.equal(sliceSummary(slice({ pages: 13 })), 'customers 2023-11-14 → 2023-11-16, page 14');
    assert.deepEqual([duration(45), duration(190), duration(4_800)], ['45 s', '3 min', '1 h 20 min']);
  });
});
