import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import type { SyncRun } from '../../domain/sync-run';
import { etaSeconds } from './sync-eta';
import { etaLabel, objectProgress, phaseLabel, progressLabel } from './sync-progress';

const snapshot = (phase: string, counts: Record<string, number>, totals: Record<string, number> = {}) => ({ phase, counts, totals });

describe('sync progress', () => {
  it('an object type is done once the sync has moved past it', () => {
    const s = snapshot('charges', { customers: 10, subscriptions: 4, charges: 1 }, { charges: 4 });
    assert.deepEqual(objectProgress(s, 'customers'), { count: 10, total: 10, percent: 100, done: true });
    assert.deepEqual(objectProgress(s, 'charges'), { count: 1, total: 4, percent: 25, done: false });
  });

  it('a type in progress never shows 100 % before it is done', () => {
    assert.equal(objectProgress(snapshot('customers', { customers: 999 }, { customers: 999 }), 'customers').percent, 99);
  });

  it('an unknown, zero or overtaken estimate shows the count alone', () => {
    for (const totals of [{}, { customers: 0 }, { customers: 5 }] as Record<string, number>[]) {
      const p = objectProgress(snapshot('customers', { customers: 10 }, totals), 'customers');
      assert.deepEqual(p, { count: 10, total: null, percent: null, done: false });
      assert.equal(progressLabel(p), '10');
    }
  });

  it('labels counts, the ETA and the phase in words', () => {
    assert.equal(progressLabel({ count: 1234, total: 2000, percent: 61, done: false }), '1,234 of 2,000');
    assert.equal(etaLabel(null), '');
    assert.equal(etaLabel(42), 'less than a minute left');
    assert.equal(etaLabel(150), 'about 3 min left');
    assert.equal(etaLabel(3 * 3600 + 300), 'about 3 h 5 min left');
    assert.equal(phaseLabel('done'), 'Sync complete');
  });

  it('the functions are self-contained, so the settings page can ship them as source', () => {
    // A fresh realm, as in the browser: nothing from this module's scope can be reached.
    const shipped = `${objectProgress.toString()}; ${progressLabel.toString()}; progressLabel(objectProgress(sync, 'subscriptions'));`;
    const sync = snapshot('subscriptions', { subscriptions: 5 }, { subscriptions: 20 });
    assert.equal(runInNewContext(shipped, { sync }), '5 of 20');
  });
});

describe('sync ETA', () => {
  const started = new Date('2026-11-25T12:00:00.000Z');
  const run = (over: Partial<SyncRun>): SyncRun => ({
    id: 'run_1', connectionId: 'conn_1', workflowId: 'w', kind: 'initial', status: 'running', phase: 'subscriptions',
    counts: { customers: 100, subscriptions: 50, charges: 0, unmatchedCharges: 0 },
    totals: { customers: 100, subscriptions: 100, charges: 150 },
    error: null, errorAt: null, createdBefore: null, resumes: 0, resumedAt: null, copiedAtResume: 0,
    startedAt: started, finishedAt: null, updatedAt: started, ...over,
  });
  const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);

  it('extrapolates the rate so far to what is left', () => {
    // 150 fetched in 30 s → 5/s; 200 left → 40 s
    assert.equal(etaSeconds(run({}), at(30)), 40);
  });

  it('measures a resumed run from its resume: what it had copied before says nothing of the rate now', () => {
    // resumed 10 s in with 100 copied: 50 more in 20 s → 2.5/s; 200 left → 80 s
    assert.equal(etaSeconds(run({ resumedAt: at(10), copiedAtResume: 100 }), at(30)), 80);
  });

  it('has no estimate while a total is unknown, before anything is fetched, or once finished', () => {
    assert.equal(etaSeconds(run({ totals: { customers: 100, subscriptions: 100 } }), at(30)), null);
    assert.equal(etaSeconds(run({ phase: 'customers', counts: { customers: 0, subscriptions: 0, charges: 0, unmatchedCharges: 0 } }), at(30)), null);
    assert.equal(etaSeconds(run({ status: 'succeeded', phase: 'done' }), at(30)), null);
  });
});
