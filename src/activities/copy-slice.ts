import { ApplicationFailure, CancelledFailure, cancellationSignal } from '@temporalio/activity';
import type { ConnectionScope } from '../db/profile-objects-store';
import { SYNC_FAILURE } from '../domain/sync-failures';
import type { SyncSlice } from '../domain/sync-slices';
import { fetchedVersion, type SourceVersion } from '../domain/versions';
import { classifyStripeError } from '../stripe/errors';
import type { ListedPage, StripeGateway } from '../stripe/gateway';
import { applyPage } from './apply-page';
import type { ActivityDeps } from './deps';
import { keepHeartbeating } from './heartbeat';
import { callingStripe, toActivityFailure } from './stripe-failures';

export interface CopyStripeSliceInput {
  connectionId: string;
  syncRunId: string;
  /** the workflow's view of the slice; its range is authoritative, its progress may lag the checkpoint */
  slice: SyncSlice;
  /** bounds on one call, so results come back often and history stays small */
  maxPages: number;
  maxSeconds: number;
  /**
   * How often the run had been reopened when the workflow made this call. A terminated
   * execution's activities run on until they heartbeat; once a retry has reopened the run, their
   * pages must not commit (absent from workflows that predate reopening).
   */
  resumes?: number;
}

/** Where the slice stands: cursors and counts, never Stripe objects. */
export interface CopyStripeSliceOutput extends Pick<SyncSlice, 'id' | 'cursor' | 'lastCreated' | 'count' | 'done'> {
  /** pages committed by this call */
  pages: number;
}

/** A slice's committed progress; `pages` is also the checkpoint's version for compare-and-set. */
type Progress = Pick<SyncSlice, 'cursor' | 'lastCreated' | 'count' | 'done'> & { pages: number };

interface PageCommit {
  scope: ConnectionScope;
  syncRunId: string;
  resumes: number | undefined;
  slice: SyncSlice;
  committed: Progress;
  page: ListedPage<unknown>;
  version: SourceVersion;
}

/**
 * Page transactions of this worker that may be open at once. Every page transaction waits for
 * the project's lock, and waiting inside Postgres holds a pooled connection: with a dozen slices
 * the pool filled with waiting transactions, and rate reservations (hence the next requests)
 * queued behind them. Past the first few, pages wait here instead; the lock serializes them
 * anyway.
 */
const OPEN_PAGE_TRANSACTIONS = 3;

/** A FIFO that lets at most `limit` calls run at once; a finishing call hands its slot to the next. */
function concurrencyLimit(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export function createCopySliceActivities(deps: ActivityDeps) {
  const pageTransaction = concurrencyLimit(OPEN_PAGE_TRANSACTIONS);

  /** The committed checkpoint wins over the workflow's view: a crashed attempt may have gone further. */
  async function resume(syncRunId: string, slice: SyncSlice): Promise<Progress> {
    const checkpoint = await deps.checkpoints.find(syncRunId, slice.id);
    if (!checkpoint) return { cursor: slice.cursor, lastCreated: slice.lastCreated, count: slice.count, done: slice.done, pages: 0 };
    const { cursor, lastCreated, count, done, pages } = checkpoint;
    return { cursor, lastCreated, count, done, pages };
  }

  /**
   * The next page after `cursor`; null when Stripe no longer knows the cursor object (a customer
   * deleted mid-sync), and the caller restarts below the last second it read.
   */
  async function readPage(gateway: StripeGateway, slice: SyncSlice, cursor: string | null, lastCreated: number | null) {
    const lt = cursor === null && lastCreated !== null ? lastCreated + 1 : slice.lt;
    try {
      return await gateway.listPage(slice.type, { gte: slice.gte, lt, startingAfter: cursor });
    } catch (error) {
      const failure = classifyStripeError(error);
      if (cursor && failure.code === 'resource_missing' && failure.param === 'starting_after') return null;
      throw toActivityFailure(error);
    }
  }

  /** The page's rows, their effect on profiles, the checkpoint and the run's counts: one transaction. */
  function commitPage({ scope, syncRunId, resumes, slice, committed, page, version }: PageCommit): Promise<Progress> {
    return pageTransaction(() => deps.syncWrites.run(async (stores) => {
      await stores.identity.lockProject(scope.projectId);
      if (resumes !== undefined && (await stores.syncRuns.resumesOf(syncRunId)) !== resumes) {
        throw ApplicationFailure.nonRetryable(`sync run ${syncRunId} was reopened by a retry after this attempt began`, SYNC_FAILURE.superseded);
      }
      const { checkpoints } = stores;
      const current = await checkpoints.find(syncRunId, slice.id);
      if ((current?.pages ?? 0) !== committed.pages) {
        // Another attempt (one that timed out but kept running) moved on: this one is stale.
        throw ApplicationFailure.retryable(`slice ${slice.id} moved on under this attempt`, SYNC_FAILURE.checkpointMoved);
      }
      const added = await applyPage(slice.type, stores, { scope, version, syncRunId }, page.objects);
      const next: Progress = {
        cursor: page.last?.id ?? committed.cursor,
        lastCreated: page.last?.created ?? committed.lastCreated,
        count: committed.count + added,
        done: !page.hasMore,
        pages: committed.pages + 1,
      };
      await checkpoints.save({ syncRunId, sliceId: slice.id, objectType: slice.type, gte: slice.gte, lt: slice.lt, ...next });
      if (added > 0) await stores.syncRuns.addCounts(syncRunId, { [slice.type]: added });
      return next;
    }));
  }

  /** A page read from Stripe, with when its request started (the version of its objects). */
  interface Fetched {
    page: ListedPage<unknown> | null;
    startedAt: number;
  }

  const fetchPage = (gateway: StripeGateway, slice: SyncSlice, cursor: string | null, lastCreated: number | null): Promise<Fetched> => {
    // The workflow cancels running slices when the sync fails: stop calling Stripe at the next page.
    const startedAt = Date.now();
    const fetching = cancellationSignal().aborted
      ? Promise.reject(new CancelledFailure('the sync no longer needs this slice'))
      : readPage(gateway, slice, cursor, lastCreated).then((page) => ({ page, startedAt }));
    fetching.catch(() => undefined); // awaited later, or dropped when the commit before it fails
    return fetching;
  };

  return {
    /**
     * Copies pages of one slice into the mirror (and profiles) until it is done or the call's
     * bounds are reached. Safe to retry at any point: it resumes from the committed checkpoint.
     * The next page is requested as soon as a page arrives, while that page commits: the
     * transaction (which waits its turn for the project's lock) overlaps Stripe's latency instead
     * of adding to it. Pages still commit in order, each with its checkpoint.
     */
    async copyStripeSlice(input: CopyStripeSliceInput): Promise<CopyStripeSliceOutput> {
      const { slice, syncRunId } = input;
      const connection = await deps.connections.get(input.connectionId);
      const scope = { projectId: connection.projectId, connectionId: connection.id };
      const gateway = await callingStripe(() => deps.gateways.forConnection(connection));
      let committed = await resume(syncRunId, slice);
      const heart = keepHeartbeating(() => ({ sliceId: slice.id, cursor: committed.cursor, count: committed.count }));
      const deadline = Date.now() + input.maxSeconds * 1000;
      let pages = 0;
      let next = committed.done || input.maxPages < 1 ? undefined : fetchPage(gateway, slice, committed.cursor, committed.lastCreated);
      try {
        while (next) {
          const { page, startedAt } = await next;
          if (!page) {
            deps.logger.warn({ sliceId: slice.id, cursor: committed.cursor }, 'cursor object is gone; re-reading below the last second read');
            next = fetchPage(gateway, slice, null, committed.lastCreated);
            continue;
          }
          const more = page.hasMore && pages + 1 < input.maxPages && Date.now() < deadline;
          next = more && page.last ? fetchPage(gateway, slice, page.last.id, page.last.created) : undefined;
          const before = committed.count;
          committed = await commitPage({ scope, syncRunId, resumes: input.resumes, slice, committed, page, version: fetchedVersion(startedAt) });
          deps.metrics.pageCopied(connection.id, slice.type, committed.count - before);
          pages++;
          heart.beat();
        }
      } finally {
        heart.stop();
      }
      const { cursor, lastCreated, count, done } = committed;
      return { id: slice.id, cursor, lastCreated, count, done, pages };
    },
  };
}
