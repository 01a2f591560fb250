import assert from 'node:assert/strict';
import {
  CREATED_FLOOR, STRIPE_OBJECT_TYPES, applySliceProgress, assignSlices, estimateTotal, planSlices, splitSlice, type SlicePlan, type SyncSlice,
} from './sync-slices';

const NOW = 1_800_000_000;

/** Slices of one type must tile [CREATED_FLOOR, NOW + 1) exactly. */
function assertTiles(slices: SyncSlice[]) {
  for (const type of STRIPE_OBJECT_TYPES) {
    const ranges = slices.filter((s) => s.type === type).map((s) => [s.gte, s.lt] as const).sort((a, b) => a[0] - b[0]);
    assert.equal(ranges[0]![0], CREATED_FLOOR);
    assert.equal(ranges[ranges.length - 1]![1], NOW + 1);
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]![0], ranges[i - 1]![1], `${type}: gap or overlap`);
  }
}

describe('sync slices', () => {
  it('cover each type from before Stripe existed to now, without gaps', () => {
    const plan = planSlices({ now: NOW, accountCreated: 1_600_000_000, slicesPerType: 4 });
    assertTiles(plan.slices);
    assert.equal(plan.slices.filter((s) => s.type === 'customers').length, 5);
    assert.equal(new Set(plan.slices.map((s) => s.id)).size, plan.slices.length);
  });

  it('split an idle slice below its cursor, keeping the cursor with the newer half', () => {
    const slice: SyncSlice = { id: 'customers-0', type: 'customers', gte: 100, lt: 200, cursor: 'cus_9', lastCreated: 150, count: 7, done: false };
    const [newer, older] = splitSlice(slice, 9)!;
    assert.deepEqual(newer, { ...slice, gte: 125 });
    assert.deepEqual(older, { id: 'customers-9', type: 'customers', gte: 100, lt: 125, cursor: null, lastCreated: null, count: 0, done: false });
    assert.equal(splitSlice({ ...slice, lastCreated: 100 }, 9), null, 'one second left: nothing to split');
  });

  it('fill free slots across object types, splitting when slices run out', () => {
    const plan = planSlices({ now: NOW, accountCreated: null, slicesPerType: 1 });
    const { plan: next, start } = assignSlices(plan, new Set(), 7);
    assert.equal(start.length, 7);
    const perType = STRIPE_OBJECT_TYPES.map((t) => start.filter((s) => s.type === t).length);
    assert.ok(Math.max(...perType) - Math.min(...perType) <= 1, `balanced: ${perType.join(',')}`);
    assertTiles(next.slices);
    assert.equal(new Set(start.map((s) => s.id)).size, 7);
  });

  it('never start or split a running slice', () => {
    const plan = planSlices({ now: NOW, accountCreated: null, slicesPerType: 1 });
    const running = new Set(plan.slices.map((s) => s.id));
    const { plan: next, start } = assignSlices(plan, running, 5);
    assert.deepEqual(start, []);
    assert.deepEqual(next, plan);
  });

  it('estimate a total from the density of what was read, exact once done', () => {
    let plan = planSlices({ now: NOW, accountCreated: NOW - 999, slicesPerType: 2 });
    const [floor, older, newer] = plan.slices.filter((s) => s.type === 'charges');
    assert.deepEqual([older!.gte, older!.lt, newer!.gte, newer!.lt], [NOW - 999, NOW - 499, NOW - 499, NOW + 1]);
    plan = applySliceProgress(plan, { id: floor!.id, cursor: null, lastCreated: null, count: 0, done: true });
    // 100 charges in the newest 100 seconds: 1 per second, so ~400 more in this slice; the older one
    // is taken to ramp up from nothing (the empty range before the account existed): ~250
    plan = applySliceProgress(plan, { id: newer!.id, cursor: 'ch_1', lastCreated: NOW - 100, count: 100, done: false });
    assert.equal(estimateTotal(plan, 'charges'), 100 + 400 + 250);
    // the older slice reads 50 in its newest 100 seconds: the newer slice's rest now runs 1 → 0.5 per second
    plan = applySliceProgress(plan, { id: older!.id, cursor: 'ch_3', lastCreated: NOW - 600, count: 50, done: false });
    assert.equal(estimateTotal(plan, 'charges'), 100 + 50 + 400 * 0.75 + 400 * 0.25);
    plan = applySliceProgress(plan, { id: newer!.id, cursor: 'ch_1', lastCreated: NOW - 100, count: 450, done: true });
    plan = applySliceProgress(plan, { id: older!.id, cursor: 'ch_2', lastCreated: older!.gte, count: 20, done: true });
    assert.equal(estimateTotal(plan, 'charges'), 470);
  });

  it('estimate a total from Stripe\'s count when search gave one, never below what was copied, exact once done', () => {
    let plan: SlicePlan = { ...planSlices({ now: NOW, accountCreated: NOW - 999, slicesPerType: 2 }), stripeTotals: { charges: 300, customers: null } };
    const [floor, older, newer] = plan.slices.filter((s) => s.type === 'charges');
    assert.equal(estimateTotal(plan, 'charges'), 300, 'before a page is read');
    plan = applySliceProgress(plan, { id: newer!.id, cursor: 'ch_1', lastCreated: NOW - 100, count: 100, done: false });
    assert.equal(estimateTotal(plan, 'charges'), 300, 'the densities read so far do not move it');
    // search lags the newest writes: what was copied beyond its count is counted
    plan = applySliceProgress(plan, { id: older!.id, cursor: 'ch_2', lastCreated: NOW - 600, count: 250, done: false });
    assert.equal(estimateTotal(plan, 'charges'), 350);
    // a type without a count is estimated from densities; the plan keeps the counts as slices are assigned
    assert.equal(estimateTotal(plan, 'customers'), 0);
    assert.deepEqual(assignSlices(plan, new Set(), 2).plan.stripeTotals, plan.stripeTotals);
    const finished: [SyncSlice, number][] = [[floor!, 0], [older!, 260], [newer!, 120]];
    for (const [slice, count] of finished) plan = applySliceProgress(plan, { id: slice.id, cursor: null, lastCreated: null, count, done: true });
    assert.equal(estimateTotal(plan, 'charges'), 380, 'exact once done');
  });

  it('share slots among types by what Stripe counted, so that the types finish together', () => {
    const plan: SlicePlan = { ...planSlices({ now: NOW, accountCreated: NOW - 999, slicesPerType: 2 }), stripeTotals: { customers: 1_000, subscriptions: 1_000, charges: 2_000 } };
    const { start } = assignSlices(plan, new Set(), 8);
    const byType = (type: string) => start.filter((s) => s.type === type).length;
    assert.deepEqual([byType('customers'), byType('subscriptions'), byType('charges')], [2, 2, 4]);
  });
});
