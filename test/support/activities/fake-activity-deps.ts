/**
 * In-memory stand-ins for everything the activities depend on, typed as `ActivityDeps`, so an
 * activity runs alone under `MockActivityEnvironment`. Each fake keeps what was written for the
 * test to read back; Stripe is a list of pages per object type.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import type { Activities, ActivityDeps, AlertDeps } from '../../../src/activities';
import type { AlertWriteStores } from '../../../src/db/alert-write-stores';
import type { SliceCheckpoint } from '../../../src/db/sync-checkpoint-store';
import type { SyncWriteStores } from '../../../src/db/sync-write-stores';
import { CONNECTION_MOVES, type StripeConnection } from '../../../src/domain/connection';
import { notFound } from '../../../src/domain/errors';
import type { SyncCounts, SyncRun } from '../../../src/domain/sync-run';
import { emptyCounts } from '../../../src/domain/sync-run';
import type { StripeObjectType } from '../../../src/domain/sync-slices';
import { createMetrics } from '../../../src/metrics/metrics';
import type { ListedPage, StripeGateway } from '../../../src/stripe/gateway';

export const testConnection = (over: Partial<StripeConnection> = {}): StripeConnection => ({
  id: 'conn_unit', projectId: 'proj_unit', stripeAccountId: 'acct_unit', livemode: false, mode: 'api_key', status: 'syncing',
  statusMessage: null, scope: null, accountName: null, rateBudget: null, connectedAt: new Date(0), disconnectedAt: null, disconnectedBy: null, webhooksRejected: 0, eventsWatermark: null, timelineHistory: false, webhookEndpointId: null, driftCheckEveryHours: 168,
  createdAt: new Date(0), updatedAt: new Date(0), ...over,
});

export interface FakeStripe extends StripeGateway {
  /** list calls made, in order */
  calls: { type: StripeObjectType; startingAfter: string | null }[];
}

/** A Stripe whose every list returns `pages` in order; `before(n)` runs before the n-th call (from 1). */
export function fakeStripe(pages: ListedPage<unknown>[], opts: { before?: (call: number) => void; accountCreated?: () => Promise<number | null>; countCreatedBefore?: StripeGateway['countCreatedBefore'] } = {}): FakeStripe {
  const calls: FakeStripe['calls'] = [];
  return {
    calls,
    async listPage(type, { startingAfter }) {
      calls.push({ type, startingAfter });
      opts.before?.(calls.length);
      const page = pages[calls.length - 1];
      if (!page) throw new Error(`no page ${calls.length} in the fake Stripe`);
      return page as never;
    },
    accountCreated: opts.accountCreated ?? (async () => 1_600_000_000),
    countCreatedBefore: opts.countCreatedBefore ?? (async () => null),
    listForCustomer: async () => { throw new Error('the fake Stripe lists no customer\'s objects'); },
    retrieve: async (kind, id) => { throw new Error(`the fake Stripe retrieves no ${kind} (${id})`); },
    listEvents: async () => { throw new Error('the fake Stripe lists no events'); },
  };
}

/** A page of `n` objects named `${prefix}_${i}`, created one second apart, newest first. */
export function fakePage(prefix: string, n: number, hasMore: boolean, newest = 1_700_000_000): ListedPage<{ id: string; created: number }> {
  const objects = Array.from({ length: n }, (_, i) => ({ id: `${prefix}_${i}`, created: newest - i }));
  const last = objects.at(-1);
  return { objects, hasMore, last: last ? { id: last.id, created: last.created } : null };
}

export interface FakeActivityWorld {
  deps: ActivityDeps;
  connection: StripeConnection;
  checkpoints: Map<string, SliceCheckpoint>;
  runs: Map<string, SyncRun>;
  /** names of the write-store calls, in order, with `commit` / `rollback` after each transaction */
  writes: string[];
  stripe: FakeStripe;
}

export function fakeActivityWorld(opts: { stripe?: FakeStripe; gateway?: () => Promise<StripeGateway>; connection?: Partial<StripeConnection> } = {}): FakeActivityWorld {
  const connection = testConnection(opts.connection);
  const checkpoints = new Map<string, SliceCheckpoint>();
  const runs = new Map<string, SyncRun>();
  const writes: string[] = [];
  /** which run each resuming execution reopened */
  const resumedBy_ = new Map<string, string>();
  const stripe = opts.stripe ?? fakeStripe([]);
  const key = (syncRunId: string, sliceId: string) => `${syncRunId}/${sliceId}`;
  const log = <T>(name: string, value: T) => (writes.push(name), value);
  const run = (id: string) => {
    const r = runs.get(id);
    if (!r) throw notFound(`sync run ${id}`);
    return r;
  };

  const stores = (staged: Map<string, SliceCheckpoint>): SyncWriteStores => ({
    identity: {
      lockProject: async () => log('lockProject', undefined),
      linkCustomers: async () => log('linkCustomers', undefined),
      refreshCustomers: async () => log('refreshCustomers', undefined),
      unlinkConnection: unusedBySync('unlinkConnection'),
      linkedAmong: unusedBySync('linkedAmong'),
    },
    mirror: {
      upsertCustomers: async (_c, records) => log('upsertCustomers', records.map((r) => r.id)),
      upsertSubscriptions: async (_c, records) => log('upsertSubscriptions', records.map((r) => r.id)),
      upsertCharges: async (_c, records) => log('upsertCharges', records.map((r) => r.id)),
      markCustomersSeen: async (_c, ids) => log('markCustomersSeen', ids.length),
      markUnseenCustomersDeleted: async () => log('markUnseenCustomersDeleted', ['cus_gone']),
      deleteConnection: unusedBySync('deleteConnection'),
      storedObjects: unusedBySync('storedObjects'),
      idsOfCustomer: unusedBySync('idsOfCustomer'),
      removeObjects: unusedBySync('removeObjects'),
    },
    profileObjects: {
      relinkCustomerObjects: async () => log('relinkCustomerObjects', undefined),
      attachCharges: async () => log('attachCharges', undefined),
      attachGuestChargesByEmail: async () => log('attachGuestChargesByEmail', undefined),
      countUnmatchedCharges: async () => log('countUnmatchedCharges', 2),
      moveToProfile: async () => log('moveToProfile', undefined),
      profilesOfConnection: unusedBySync('profilesOfConnection'),
      profilesKeptBy: unusedBySync('profilesKeptBy'),
    },
    checkpoints: {
      find: async (syncRunId, sliceId) => staged.get(key(syncRunId, sliceId)),
      listForRun: async (syncRunId) => [...staged.values()].filter((c) => c.syncRunId === syncRunId),
      save: async (c) => void staged.set(key(c.syncRunId, c.sliceId), log('saveCheckpoint', c)),
    },
    syncRuns: {
      resumesOf: async (id) => runs.get(id)?.resumes,
      addCounts: async (id, deltas) => {
        log('addCounts', undefined);
        const r = run(id);
        for (const [k, v] of Object.entries(deltas)) r.counts[k as keyof SyncCounts] += v;
      },
    },
  });

  const connections: ActivityDeps['connections'] = {
      get: async (id) => {
        if (id !== connection.id) throw notFound(`connection ${id}`);
        return connection;
      },
      move: async (_id, cause, message) => {
        const { from, to } = CONNECTION_MOVES[cause];
        const moved = (from as readonly string[]).includes(connection.status);
        if (moved) Object.assign(connection, { status: to, statusMessage: message ?? null });
        return { moved, status: connection.status };
      },
      advanceEventsWatermark: async (_id, to) => void (connection.eventsWatermark = to),
      disconnect: async (_id, { by, message }) => {
        const moved = connection.status !== 'disconnected';
        if (moved) Object.assign(connection, { status: 'disconnected', statusMessage: message ?? null, disconnectedBy: by, disconnectedAt: new Date() });
        return { moved, status: connection.status, superseded: false };
      },
  };
  const deps: ActivityDeps = {
    connections,
    syncRuns: {
      start: async ({ id = 'run_unit', connectionId, workflowId, kind }) => {
        if (!runs.has(id)) {
          runs.set(id, { id, connectionId, workflowId, kind, status: 'running', phase: 'starting', counts: emptyCounts(), totals: {},
            error: null, errorAt: null, createdBefore: null, resumes: 0, resumedAt: null, copiedAtResume: 0, startedAt: new Date(), finishedAt: null, updatedAt: new Date() });
        }
        return run(id);
      },
      progress: async (id, { phase, counts, totals, createdBefore }) =>
        void Object.assign(run(id), phase && { phase }, counts && { counts }, totals && { totals }, createdBefore !== undefined && { createdBefore }),
      finish: async (id, status, error = null) => void Object.assign(run(id), { status, error, errorAt: error && new Date(), finishedAt: new Date() }),
      endIfRunning: async (id, status, error) => {
        const r = run(id);
        if (r.status !== 'running') return false;
        Object.assign(r, { status, error, errorAt: new Date(), finishedAt: new Date() });
        return true;
      },
      reopen: async (id, resumedBy) => {
        const r = run(id);
        if (r.status !== 'succeeded') Object.assign(r, { status: 'running', phase: 'starting', error: null, errorAt: null, finishedAt: null, resumes: r.resumes + 1, resumedAt: new Date() });
        resumedBy_.set(resumedBy, id);
        return r;
      },
      findForExecution: async (id) => runs.get(id) ?? runs.get(resumedBy_.get(id) ?? ''),
      latestForConnection: async (connectionId) => [...runs.values()].filter((r) => r.connectionId === connectionId).at(-1),
    },
    checkpoints: {
      find: async (syncRunId, sliceId) => checkpoints.get(key(syncRunId, sliceId)),
      listForRun: async (syncRunId) => [...checkpoints.values()].filter((c) => c.syncRunId === syncRunId),
    },
    // A transaction: writes are staged and land only if the work resolves.
    syncWrites: {
      async run(work) {
        const staged = new Map(checkpoints);
        try {
          const result = await work(stores(staged));
          staged.forEach((v, k) => checkpoints.set(k, v));
          writes.push('commit');
          return result;
        } catch (error) {
          writes.push('rollback');
          throw error;
        }
      },
    },
    // Live events have their own fakes; the sync's activities never touch these.
    inbox: unused('inbox'),
    eventWrites: unused('eventWrites'),
    profileOf: unused('profileOf'),
    mirrorHistory: unused('mirrorHistory'),
    profileEvents: unused('profileEvents'),
    gateways: { forConnection: opts.gateway ?? (async () => stripe) },
    stripeAccess: unused('stripeAccess'),
    purges: unused('purges'),
    driftChecks: unused('driftChecks'),
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    eventsPollSeconds: 300,
    automations: unused('automations'),
    alerts: noAlerts(connections),
  };
  return { deps, connection, checkpoints, runs, writes, stripe };
}

/** A write or read of a purge, a drift check or a customer's resync, which a sync's page never makes. */
const unusedBySync = (name: string) => async (): Promise<never> => { throw new Error(`a sync page never calls ${name}`); };

/**
 * Connection alerts of a project without an alert email: the causes' writes go to `connections`
 * (and `inbox`), no alert is claimed, nothing is delivered.
 */
export function noAlerts(connections: AlertWriteStores['connections'], inbox: AlertWriteStores['inbox'] = unused('inbox')): AlertDeps {
  const stores: AlertWriteStores = {
    connections, inbox,
    projects: { get: async (id) => ({ id, name: 'Unit', alertEmail: null, createdAt: new Date(0) }) },
    alerts: unused('alerts'),
    outbox: unused('outbox'),
  };
  return {
    writes: { run: (work) => work(stores) },
    outbox: { find: unusedBySync('outbox.find'), settle: unusedBySync('outbox.settle'), undeliveredAlerts: async () => [] },
    from: 'alerts@unit.example',
    appUrl: 'http://127.0.0.1:9',
    startDeliveries: async () => undefined,
  };
}

/** A dependency a test does not expect to be used: any call fails the test, naming it. */
export function unused<T extends object>(name: string): T {
  return new Proxy({} as T, { get: (_t, prop) => () => { throw new Error(`${name}.${String(prop)} was not expected in this test`); } });
}

const silent = () => undefined;
const quietLogger = { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent };

/** A mock activity environment that keeps expected activity failures out of the test output. */
export const quietActivityEnvironment = () => new MockActivityEnvironment(undefined, { logger: quietLogger });

const AUTOMATION_ACTIVITIES = [
  'beginAutomationRun', 'recordAutomationStep', 'setAutomationTrait', 'finishAutomationRun', 'sendAutomationEmail', 'callAutomationWebhook',
  'beginAutomationWait', 'endAutomationWait',
] as const;

/** The automation activities, for a workflow test whose workflow runs none of them. */
export const noAutomationActivities = () => Object.fromEntries(AUTOMATION_ACTIVITIES.map((name) => [name, () => {
  throw new Error(`${name} was not expected in this test`);
}])) as unknown as Pick<Activities, (typeof AUTOMATION_ACTIVITIES)[number]>;
