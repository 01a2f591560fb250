import assert from 'node:assert/strict';
import pino from 'pino';
import { testConnection } from '../../../test/support/activities/fake-activity-deps';
import type { StripeConnection } from '../../domain/connection';
import { sweepInboxes } from './inbox-sweeper';

describe('the inbox sweeper', () => {
  it('wakes the connections whose inbox is ahead, and settles a disconnected one without waking it', async () => {
    const connections = new Map<string, StripeConnection>([
      ['conn_live', testConnection({ id: 'conn_live', status: 'active' })],
      ['conn_gone', testConnection({ id: 'conn_gone', status: 'disconnected' })],
    ]);
    const woken: [string, number][] = [];
    const settled: [string, number][] = [];
    const n = await sweepInboxes({
      inbox: {
        behind: () => Promise.resolve([{ connectionId: 'conn_live', seq: 7 }, { connectionId: 'conn_gone', seq: 3 }, { connectionId: 'conn_deleted', seq: 1 }]),
        setProcessedSeq: (id, seq) => Promise.resolve(void settled.push([id, seq])),
      },
      connections: { find: (id) => Promise.resolve(connections.get(id)) },
      accountWaker: { wake: (c, seq) => void woken.push([c.id, seq]), idle: () => Promise.resolve() },
      logger: pino({ level: 'silent' }),
    });
    assert.equal(n, 3);
    assert.deepEqual(woken, [['conn_live', 7]]);
    assert.deepEqual(settled, [['conn_gone', 3]]);
  });
});
