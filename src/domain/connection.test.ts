import assert from 'node:assert/strict';
import { CONNECTION_MOVES, CONNECTION_STATUSES, isAllowedMove, type ConnectionStatus } from './connection';

/** The status machine as a table a reader can check at a glance: from → the statuses it may reach. */
const REACHABLE: Record<ConnectionStatus, ConnectionStatus[]> = {
  syncing: ['syncing', 'active', 'error', 'needs_reconnect', 'disconnected'],
  active: ['syncing', 'error', 'needs_reconnect', 'disconnected'],
  error: ['syncing', 'error', 'needs_reconnect', 'disconnected'],
  needs_reconnect: ['syncing', 'disconnected'],
  disconnected: ['syncing'],
};

describe('the connection status machine', () => {
  for (const from of CONNECTION_STATUSES) {
    for (const to of CONNECTION_STATUSES) {
      const allowed = REACHABLE[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => assert.equal(isAllowedMove(from, to), allowed));
    }
  }

  it('leaves a disconnected connection only through a new grant', () => {
    const leaving = Object.entries(CONNECTION_MOVES).filter(([, m]) => (m.from as readonly string[]).includes('disconnected'));
    assert.deepEqual(leaving.map(([cause]) => cause), ['reconnected']);
  });

  it('lets only a running sync end as succeeded or failed', () => {
    assert.deepEqual(CONNECTION_MOVES.syncSucceeded.from, ['syncing']);
    assert.deepEqual(CONNECTION_MOVES.syncFailed.from, ['syncing']);
  });
});
