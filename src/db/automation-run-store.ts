import type { Knex } from 'knex';
import { profilesWithRows } from './profiles-with-rows';
import {
  FINISHED_RUN_STATUSES, type AutomationRun, type AutomationRunStart, type AutomationRunStatus, type AutomationRunStep,
  type AutomationStepStatus,
} from '../domain/automation';
import { notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { newestFirst } from './keyset-cursor';

const RUNS = 'automation_runs';
const STEPS = 'automation_run_steps';

interface RunRow {
  id: string; project_id: string; automation_id: string; version: number; connection_id: string | null; source_event_id: string;
  profile_event_id: string; profile_id: string; workflow_id: string; summary: string; test_mode: boolean; status: AutomationRunStatus;
  current_step: string | null; result: string | null; triggered_at: Date; created_at: Date; started_at: Date | null; ended_at: Date | null;
  created_at_us?: string;
}

interface StepRow { run_id: string; step: number; kind: string; status: AutomationStepStatus; detail: string; attempts: number; started_at: Date; updated_at: Date }

const toRun = (r: RunRow): AutomationRun => ({
  id: r.id, projectId: r.project_id, automationId: r.automation_id, version: r.version, connectionId: r.connection_id,
  sourceEventId: r.source_event_id, profileEventId: r.profile_event_id, profileId: r.profile_id, workflowId: r.workflow_id,
  summary: r.summary, testMode: r.test_mode, status: r.status, currentStep: r.current_step, result: r.result,
  triggeredAt: r.triggered_at, createdAt: r.created_at, startedAt: r.started_at, endedAt: r.ended_at,
});

const toStart = (r: RunRow): AutomationRunStart => ({
  runId: r.id, workflowId: r.workflow_id, projectId: r.project_id, automationId: r.automation_id, profileId: r.profile_id, summary: r.summary,
});

const toStep = (r: StepRow): AutomationRunStep => ({
  step: r.step, kind: r.kind, status: r.status, detail: r.detail, attempts: r.attempts, startedAt: r.started_at, updatedAt: r.updated_at,
});

export type NewAutomationRun = Omit<AutomationRun, 'id' | 'status' | 'currentStep' | 'result' | 'createdAt' | 'startedAt' | 'endedAt'>;

export interface AutomationStepChange {
  kind: string;
  status: AutomationStepStatus;
  detail: string;
  attempts?: number;
}

/** The one owner of the run ledger (`automation_runs`) and the runs' steps. */
export interface AutomationRunStore {
  /**
   * Writes ledger rows for runs about to start; a row that exists (the same automation and event,
   * say from a redelivery) is left as it is. Returns the runs that are new.
   */
  claim(runs: NewAutomationRun[]): Promise<AutomationRunStart[]>;
  /** Claimed runs of a connection not yet begun: started again after a crash or a continue-as-new. */
  pendingForConnection(connectionId: string, limit: number): Promise<AutomationRunStart[]>;
  get(runId: string): Promise<AutomationRun>;
  find(projectId: string, runId: string): Promise<AutomationRun | undefined>;
  /** pending → running; a run already begun (a retried activity) is returned as it is */
  begin(runId: string): Promise<AutomationRun>;
  /** What the run does now ("waiting for Stripe Charge Succeeded"); finished runs stay as they ended. */
  setCurrent(runId: string, status: Extract<AutomationRunStatus, 'running' | 'waiting'>, currentStep: string): Promise<void>;
  /** Ends a run once; a finished run keeps its first ending. */
  finish(runId: string, status: Extract<AutomationRunStatus, 'completed' | 'canceled' | 'failed'>, result: string): Promise<void>;
  recordStep(runId: string, step: number, change: AutomationStepChange): Promise<void>;
  steps(runId: string): Promise<AutomationRunStep[]>;
  list(projectId: string, query: { automationId?: string; profileId?: string; limit: number; cursor?: string | null }): Promise<{ data: AutomationRun[]; nextCursor: string | null }>;
  /** Workflow ids of the automation's runs that have not finished (to cancel them when it is switched off). */
  unfinished(projectId: string, automationId: string): Promise<string[]>;
  moveToProfile(sourceProfileId: string, targetProfileId: string): Promise<void>;
  profilesKeptBy(profileIds: string[]): Promise<string[]>;
}

export function createAutomationRunStore(db: Knex): AutomationRunStore {
  const store: AutomationRunStore = {
    async claim(runs) {
      if (runs.length === 0) return [];
      const rows = runs.map((r) => ({
        id: newId('arun'), project_id: r.projectId, automation_id: r.automationId, version: r.version, connection_id: r.connectionId,
        source_event_id: r.sourceEventId, profile_event_id: r.profileEventId, profile_id: r.profileId, workflow_id: r.workflowId,
        summary: r.summary, test_mode: r.testMode, triggered_at: r.triggeredAt,
      }));
      const inserted = await db<RunRow>(RUNS).insert(rows).onConflict(['project_id', 'automation_id', 'source_event_id']).ignore().returning('*');
      return (inserted as RunRow[]).map(toStart);
    },
    async pendingForConnection(connectionId, limit) {
      return (await db<RunRow>(RUNS).where({ connection_id: connectionId, status: 'pending' }).orderBy('created_at').limit(limit)).map(toStart);
    },
    async find(projectId, runId) {
      const row = await db<RunRow>(RUNS).where({ project_id: projectId, id: runId }).first();
      return row ? toRun(row) : undefined;
    },
    async get(runId) {
      const row = await db<RunRow>(RUNS).where({ id: runId }).first();
      if (!row) throw notFound(`automation run ${runId}`);
      return toRun(row);
    },
    async begin(runId) {
      await db(RUNS).where({ id: runId, status: 'pending' }).update({ status: 'running', started_at: db.fn.now() });
      return store.get(runId);
    },
    async setCurrent(runId, status, currentStep) {
      await db(RUNS).where({ id: runId }).whereNotIn('status', FINISHED_RUN_STATUSES).update({ status, current_step: currentStep });
    },
    async finish(runId, status, result) {
      await db(RUNS).where({ id: runId }).whereNotIn('status', FINISHED_RUN_STATUSES)
        .update({ status, result, current_step: null, ended_at: db.fn.now() });
    },
    async recordStep(runId, step, change) {
      const values = { kind: change.kind, status: change.status, detail: change.detail, attempts: change.attempts ?? 1 };
      await db(STEPS).insert({ run_id: runId, step, ...values }).onConflict(['run_id', 'step']).merge({ ...values, updated_at: db.fn.now() });
    },
    async steps(runId) {
      return (await db<StepRow>(STEPS).where({ run_id: runId }).orderBy('step')).map(toStep);
    },
    list: (projectId, { automationId, profileId, ...page }) =>
      newestFirst(db, RUNS, { project_id: projectId, automation_id: automationId, profile_id: profileId }, page, toRun),
    async unfinished(projectId, automationId) {
      const rows: { workflow_id: string }[] = await db(RUNS).where({ project_id: projectId, automation_id: automationId })
        .whereNotIn('status', FINISHED_RUN_STATUSES).select('workflow_id');
      return rows.map((r) => r.workflow_id);
    },
    profilesKeptBy: (profileIds) => profilesWithRows(db, RUNS, profileIds),
    async moveToProfile(sourceProfileId, targetProfileId) {
      await db(RUNS).where({ profile_id: sourceProfileId }).update({ profile_id: targetProfileId });
    },
  };
  return store;
}
