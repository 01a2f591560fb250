import type { Client, WorkflowHandle } from '@temporalio/client';

type HistoryEvents = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>;

/** The events of every run of one workflow id (continue-as-new makes a chain), newest run first. */
export async function* runHistories(client: Client, workflowId: string): AsyncGenerator<HistoryEvents> {
  for await (const run of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    yield (await client.workflow.getHandle(workflowId, run.runId).fetchHistory()).events ?? [];
  }
}

/** Every run of one workflow id (continue-as-new makes a chain) and their history lengths. */
export interface HistoryStats {
  runs: number;
  maxEventsPerRun: number;
  totalEvents: number;
}

export async function historyStats(client: Client, workflowId: string): Promise<HistoryStats> {
  const lengths: number[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) lengths.push(run.historyLength);
  return { runs: lengths.length, maxEventsPerRun: Math.max(0, ...lengths), totalEvents: lengths.reduce((a, b) => a + b, 0) };
}

/**
 * Where a slice activity's time goes besides its own work, from the histories of every run: how
 * long activities waited for a worker (scheduled → started), and what a slot waits for after an
 * activity completes: the workflow task that refills it (completion → that task started → the
 * task completed, when the next activity is scheduled).
 */
export interface SchedulingStats {
  activities: number;
  meanActivityMs: number;
  meanScheduleToStartMs: number;
  meanCompletionToWorkflowTaskMs: number;
  meanWorkflowTaskMs: number;
}

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : 0;

export async function schedulingStats(client: Client, workflowId: string, activityType = 'copyStripeSlice'): Promise<SchedulingStats> {
  const sum = { activities: 0, activityMs: 0, scheduleToStart: 0, toTask: 0, task: 0, completions: 0 };
  for await (const events of runHistories(client, workflowId)) {
    const scheduled = new Map<string, number>();
    const started = new Map<string, number>();
    let completedAt: number | undefined;
    let taskStartedAt: number | undefined;
    for (const e of events) {
      const at = ms(e.eventTime);
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === activityType) scheduled.set(String(e.eventId), at);
      const start = e.activityTaskStartedEventAttributes;
      if (start && scheduled.has(String(start.scheduledEventId))) {
        sum.scheduleToStart += at - scheduled.get(String(start.scheduledEventId))!;
        started.set(String(start.scheduledEventId), at);
        sum.activities++;
      }
      const done = e.activityTaskCompletedEventAttributes;
      if (done && started.has(String(done.scheduledEventId))) {
        sum.activityMs += at - started.get(String(done.scheduledEventId))!;
        completedAt ??= at;
      }
      if (e.workflowTaskStartedEventAttributes && completedAt !== undefined) taskStartedAt = at;
      if (e.workflowTaskCompletedEventAttributes && completedAt !== undefined && taskStartedAt !== undefined) {
        sum.toTask += taskStartedAt - completedAt;
        sum.task += at - taskStartedAt;
        sum.completions++;
        completedAt = taskStartedAt = undefined;
      }
    }
  }
  const mean = (total: number, n: number) => (n ? Math.round(total / n) : 0);
  return {
    activities: sum.activities,
    meanActivityMs: mean(sum.activityMs, sum.activities),
    meanScheduleToStartMs: mean(sum.scheduleToStart, sum.activities),
    meanCompletionToWorkflowTaskMs: mean(sum.toTask, sum.completions),
    meanWorkflowTaskMs: mean(sum.task, sum.completions),
  };
}

/**
 * The live trickle's local activities, which run inside a workflow task: how many, how long the
 * first signal of a wake-up waited for its workflow task to start, and how long that task took
 * (the local activities in it included).
 */
export interface InTaskStats {
  localActivities: number;
  tasks: number;
  meanSignalToTaskStartMs: number;
  meanTaskMs: number;
  /** workflow tasks that timed out or failed: their local activities ran again */
  tasksLost: number;
}

export async function inTaskStats(client: Client, workflowId: string): Promise<InTaskStats> {
  const sum = { localActivities: 0, tasks: 0, toStart: 0, task: 0, lost: 0 };
  for await (const events of runHistories(client, workflowId)) {
    let signalAt: number | undefined;
    let startedAt: number | undefined;
    let finished: { toStart: number; task: number } | undefined;
    for (const e of events) {
      const at = ms(e.eventTime);
      if (e.workflowExecutionSignaledEventAttributes) signalAt ??= at;
      if (e.workflowTaskStartedEventAttributes) startedAt = at;
      if (e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes) sum.lost++;
      if (e.workflowTaskCompletedEventAttributes && startedAt !== undefined) {
        finished = signalAt === undefined ? undefined : { toStart: startedAt - signalAt, task: at - startedAt };
        signalAt = undefined;
      }
      // a task's markers follow its completion
      if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
        sum.localActivities++;
        if (finished) {
          sum.tasks++;
          sum.toStart += finished.toStart;
          sum.task += finished.task;
          finished = undefined;
        }
      }
    }
  }
  const mean = (total: number) => (sum.tasks ? Math.round(total / sum.tasks) : 0);
  return { localActivities: sum.localActivities, tasks: sum.tasks, meanSignalToTaskStartMs: mean(sum.toStart), meanTaskMs: mean(sum.task), tasksLost: sum.lost };
}
