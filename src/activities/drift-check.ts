import { activityInfo, heartbeat } from '@temporalio/activity';
import { addDrift, noDrift, type DriftCounts, type ObjectDrift } from '../domain/drift';
import type { StripeObjectType } from '../domain/sync-slices';
import { fetchedVersion } from '../domain/versions';
import { maskSecrets } from '../stripe/errors';
import type { ActivityDeps } from './deps';
import { repairFromStripe, retrieveEach, type StripeAnswer } from './drift-repair';
import { callingStripe, toActivityFailure } from './stripe-failures';

/**
 * Where a drift check of one kind stands: reading Stripe's list (after `startingAfter`), then, the
 * list read to its end, asking Stripe about the stored objects it did not list.
 */
export type DriftStep = { phase: 'list'; startingAfter: string | null } | { phase: 'unlisted' };

export interface StartDriftCheckOutput {
  driftCheckId: string;
  /** unix seconds: objects created later are left to live events */
  createdBefore: number;
}

export interface CheckStripeDriftInput {
  connectionId: string;
  driftCheckId: string;
  kind: StripeObjectType;
  createdBefore: number;
  step: DriftStep;
  /** bounds on one call */
  maxPages?: number;
  maxSeconds?: number;
}

export interface CheckStripeDriftOutput {
  /** where to go on from; null once this kind is done */
  next: DriftStep | null;
  drift: ObjectDrift;
}

export interface FinishDriftCheckInput {
  driftCheckId: string;
  /** why it did not get to the end */
  error?: string;
}

/** Stored objects asked about at once when they are not in Stripe's list. */
const UNLISTED_BATCH = 50;

export function createDriftCheckActivities({ connections, gateways, syncWrites, driftChecks }: ActivityDeps) {
  return {
    async startDriftCheck({ connectionId }: { connectionId: string }): Promise<StartDriftCheckOutput> {
      const { id } = await driftChecks.start(connectionId);
      return { driftCheckId: id, createdBefore: Math.floor(Date.now() / 1000) };
    },

    /**
     * Compares one kind of Stripe's objects with the mirror, page by page, and repairs what
     * differs: objects missing or changed are written again, stored objects Stripe no longer has
     * are removed, with what that means for profiles, as a sync page does. Bounded per call;
     * resumable from `next` (and, within a call, from its heartbeat).
     */
    async checkStripeDrift(input: CheckStripeDriftInput): Promise<CheckStripeDriftOutput> {
      const { connectionId, driftCheckId, kind, createdBefore, maxPages = 20, maxSeconds = 60 } = input;
      const connection = await connections.get(connectionId);
      const scope = { projectId: connection.projectId, connectionId };
      const gateway = await callingStripe(() => gateways.forConnection(connection));
      const deadline = Date.now() + maxSeconds * 1000;
      let step = (activityInfo().heartbeatDetails as { step?: DriftStep } | undefined)?.step ?? input.step;
      let drift = noDrift();

      const repair = async (answer: StripeAnswer, askedAt: number) => {
        const found = await syncWrites.run(async (stores) => {
          await stores.identity.lockProject(scope.projectId);
          return repairFromStripe(kind, stores, scope, answer, fetchedVersion(askedAt));
        });
        await driftChecks.markSeen(driftCheckId, kind, [...answer.objects.map((o) => o.id), ...answer.gone]);
        await driftChecks.addCounts(driftCheckId, kind, found);
        drift = addDrift(drift, found);
      };

      for (let page = 0; page < maxPages && Date.now() < deadline; page++) {
        const askedAt = Date.now();
        if (step.phase === 'list') {
          const listed = await gateway.listPage(kind, { gte: 0, lt: createdBefore, startingAfter: step.startingAfter })
            .catch((error: unknown) => { throw toActivityFailure(error); });
          await repair({ objects: listed.objects, gone: [] }, askedAt);
          step = listed.hasMore && listed.last ? { phase: 'list', startingAfter: listed.last.id } : { phase: 'unlisted' };
        } else {
          const unlisted = await driftChecks.unseen(driftCheckId, connectionId, kind, createdBefore, UNLISTED_BATCH);
          if (unlisted.length === 0) return { next: null, drift };
          await repair(await retrieveEach(gateway, kind, unlisted), askedAt);
        }
        heartbeat({ step });
      }
      return { next: step, drift };
    },

    async finishDriftCheck({ driftCheckId, error }: FinishDriftCheckInput): Promise<DriftCounts> {
      await driftChecks.finish(driftCheckId, error ? 'failed' : 'succeeded', error ? maskSecrets(error) : null);
      return (await driftChecks.get(driftCheckId)).counts;
    },
  };
}
