import assert from 'node:assert/strict';
import pino from 'pino';
import { testConnection } from '../../../test/support/activities/fake-activity-deps';
import { createAccountWaker } from './account-waker';

/** An orchestrator whose signals take a while, as Temporal's round trips do. */
function slowOrchestrator(failFirst = 0) {
  const sent: { connectionId: string; seq: number }[] = [];
  let failures = failFirst;
  return {
    sent,
    async wakeAccount(connection: { id: string }, seq: number) {
      await new Promise((r) => setTimeout(r, 5));
      if (failures-- > 0) throw new Error('14 UNAVAILABLE');
      sent.push({ connectionId: connection.id, seq });
    },
  };
}

describe('waking account workflows', () => {
  it('a burst of 2,000 events becomes a handful of signals, the last carrying the newest number', async () => {
    const orchestrator = slowOrchestrator();
    const waker = createAccountWaker(orchestrator, pino({ level: 'silent' }));
    const a = testConnection({ id: 'conn_a' });
    const b = testConnection({ id: 'conn_b' });
    for (let seq = 1; seq <= 2_000; seq++) {
      waker.wake(a, seq);
      if (seq % 2 === 0) waker.wake(b, seq / 2);
      if (seq % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    await waker.idle();
    const forA = orchestrator.sent.filter((s) => s.connectionId === 'conn_a');
    assert.ok(forA.length < 50, `${forA.length} signals for 2,000 events`);
    assert.equal(forA.at(-1)!.seq, 2_000);
    assert.deepEqual(forA.map((s) => s.seq), [...forA.map((s) => s.seq)].sort((x, y) => x - y), 'never an older number after a newer one');
    assert.equal(orchestrator.sent.filter((s) => s.connectionId === 'conn_b').at(-1)!.seq, 1_000);
  });

  it('after a failed signal the next event wakes the workflow again', async () => {
    const orchestrator = slowOrchestrator(1);
    const waker = createAccountWaker(orchestrator, pino({ level: 'silent' }));
    const a = testConnection({ id: 'conn_a' });
    waker.wake(a, 1);
    await waker.idle();
    assert.deepEqual(orchestrator.sent, []);
    waker.wake(a, 2);
    await waker.idle();
    assert.deepEqual(orchestrator.sent, [{ connectionId: 'conn_a', seq: 2 }]);
  });
});
