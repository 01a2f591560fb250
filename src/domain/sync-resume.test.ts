import assert from 'node:assert/strict';
import { resumedPlan, type CommittedSlice } from './sync-resume';
import { STRIPE_OBJECT_TYPES, applySliceProgress, assignSlices, planSlices, type SlicePlan, type StripeObjectType } from './sync-slices';

const NOW = 1_800_000_000;
const ACCOUNT_CREATED = NOW - 20_000;
const PAGE = 10;

/** A small deterministic random source, so every seed replays the same sync. */
function random(seed: number) {
  let x = seed * 2654435761 >>> 0 || 1;
  return () => ((x = (x ^ (x << 13)) >>> 0, x = (x ^ (x >>> 17)) >>> 0, x = (x ^ (x << 5)) >>> 0) % 1_000_000) / 1_000_000;
}

/**
 * A sync in miniature: objects at distinct seconds, slices read newest first a page at a time,
 * each page committed with its checkpoint (the slice's range as its activity was given it); the
 * plan hears of progress only when an activity returns, as the workflow does, and splits idle
 * slices as the workflow does.
 */
function miniSync(seed: number) {
  const rand = random(seed);
  const objects = new Map<StripeObjectType, number[]>(STRIPE_OBJECT_TYPES.map((t) => {
    const seconds = new Set<number>();
    while (seconds.size < 300) seconds.add(ACCOUNT_CREATED + Math.floor(rand() * rand() * 20_000));
    return [t, [...seconds].sort((a, b) => b - a)];
  }));
  const reads = new Map<string, number>();
  const checkpoints = new Map<string, CommittedSlice>();
  const running = new Map<string, { type: StripeObjectType; gte: number; lt: number }>();

  function commitPage(id: string): void {
    const { type, gte, lt } = running.get(id)!;
    const at = checkpoints.get(id);
    if (at?.done) return;
    const below = at?.lastCreated ?? lt;
    const left = objects.get(type)!.filter((c) => c >= gte && c < below);
    const page = left.slice(0, PAGE);
    page.forEach((c) => reads.set(`${type}_${c}`, (reads.get(`${type}_${c}`) ?? 0) + 1));
    const last = page.at(-1);
    checkpoints.set(id, {
      sliceId: id, objectType: type, gte, lt, cursor: last ? `${type}_${last}` : at?.cursor ?? null, lastCreated: last ?? at?.lastCreated ?? null,
      count: (at?.count ?? 0) + page.length, pages: (at?.pages ?? 0) + 1, done: left.length <= PAGE,
    });
  }

  /** Runs until every slice is done, or until `stopAfter` steps (a failure: running activities are lost). */
  function run(plan: SlicePlan, stopAfter = Infinity): SlicePlan {
    running.clear();
    for (let step = 0; step < stopAfter; step++) {
      const assigned = assignSlices(plan, new Set(running.keys()), 6 - running.size);
      plan = assigned.plan;
      for (const s of assigned.start) running.set(s.id, { type: s.type, gte: s.gte, lt: s.lt });
      if (running.size === 0) return plan;
      const ids = [...running.keys()];
      const id = ids[Math.floor(rand() * ids.length)]!;
      commitPage(id);
      const c = checkpoints.get(id)!;
      if (c.done || rand() < 0.3) {
        plan = applySliceProgress(plan, { id, cursor: c.cursor, lastCreated: c.lastCreated, count: c.count, done: c.done });
        running.delete(id);
      }
    }
    return plan;
  }

  return { objects, reads, checkpoints, run };
}

describe('a sync run resumed from its checkpoints', () => {
  it('reads every object exactly once across the failure, whatever slices were split or never started', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const sync = miniSync(seed);
      sync.run(planSlices({ now: NOW, accountCreated: ACCOUNT_CREATED, slicesPerType: 2 }), 20 + seed * 3);
      const resumed = resumedPlan([...sync.checkpoints.values()], NOW);
      assert.equal(new Set(resumed.slices.map((s) => s.id)).size, resumed.slices.length, `seed ${seed}: slice ids unique`);
      sync.run(resumed);
      for (const type of STRIPE_OBJECT_TYPES) {
        for (const created of sync.objects.get(type)!) assert.equal(sync.reads.get(`${type}_${created}`), 1, `seed ${seed}: ${type} at ${created}`);
        const counted = [...sync.checkpoints.values()].filter((c) => c.objectType === type).reduce((n, c) => n + c.count, 0);
        assert.equal(counted, 300, `seed ${seed}: ${type} counted once each`);
      }
    }
  });

  it('keeps the committed slices with their cursors and counts, and starts afresh where nothing was committed', () => {
    const committed: CommittedSlice[] = [
      { sliceId: 'customers-1', objectType: 'customers', gte: NOW - 500, lt: NOW + 1, cursor: 'cus_9', lastCreated: NOW - 100, count: 40, pages: 4, done: false },
      // split after its last page: its lower bound is stale, the slice below committed its own
      { sliceId: 'customers-0', objectType: 'customers', gte: NOW - 2000, lt: NOW - 500, cursor: 'cus_3', lastCreated: NOW - 900, count: 20, pages: 2, done: false },
      { sliceId: 'customers-7', objectType: 'customers', gte: NOW - 2000, lt: NOW - 1200, cursor: null, lastCreated: null, count: 5, pages: 1, done: true },
    ];
    const plan = resumedPlan(committed, NOW);
    const customers = plan.slices.filter((s) => s.type === 'customers').sort((a, b) => a.gte - b.gte);
    assert.deepEqual(customers.map((s) => [s.id, s.gte, s.lt, s.cursor, s.count, s.done]), [
      ['customers-8', 1_230_768_000, NOW - 2000, null, 0, false],
      ['customers-7', NOW - 2000, NOW - 1200, null, 5, true],
      ['customers-0', NOW - 1200, NOW - 500, 'cus_3', 20, false],
      ['customers-1', NOW - 500, NOW + 1, 'cus_9', 40, false],
    ]);
    assert.deepEqual(plan.slices.filter((s) => s.type === 'charges').map((s) => [s.gte, s.lt, s.count]), [[1_230_768_000, NOW + 1, 0]]);
    assert.equal(plan.nextSeq, 11);
  });
});
