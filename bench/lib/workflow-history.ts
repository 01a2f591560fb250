import type { Client } from '@temporalio/client';

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
 * Where a slice activity's time goes besides its own work, from the histories of every run:
 * how long activities waited for a worker (scheduled → started), and how long a slot sat empty
 * between an activity's completion and the next activity's scheduling (the workflow task's turn).
 */
export interface SchedulingStats {
  activities: number;
  meanScheduleToStartMs: number;
  meanCompletionToNextScheduleMs: number;
  meanActivityMs: number;
}

const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6 : 0;

export async function schedulingStats(client: Client, workflowId: string, activityType = 'copyStripeSlice'): Promise<SchedulingStats> {
  let activities = 0;
  let scheduleToStart = 0;
  let activityTime = 0;
  let gaps = 0;
  let gapCount = 0;
  for await (const run of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    const { events } = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const scheduled = new Map<string, number>();
    const started = new Map<string, number>();
    const completions: number[] = [];
    for (const e of events ?? []) {
      const id = String(e.eventId);
      const at = ms(e.eventTime);
      const attrs = e.activityTaskScheduledEventAttributes;
      if (attrs && attrs.activityType?.name === activityType) {
        scheduled.set(id, at);
        // the slot this activity fills was freed by the latest completion not yet refilled
        const freed = completions.shift();
        if (freed !== undefined) {
          gaps += at - freed;
          gapCount++;
        }
      }
      const start = e.activityTaskStartedEventAttributes;
      if (start && scheduled.has(String(start.scheduledEventId))) {
        scheduleToStart += at - scheduled.get(String(start.scheduledEventId))!;
        started.set(String(start.scheduledEventId), at);
        activities++;
      }
      const done = e.activityTaskCompletedEventAttributes;
      if (done && started.has(String(done.scheduledEventId))) {
        activityTime += at - started.get(String(done.scheduledEventId))!;
        completions.push(at);
      }
    }
  }
  const mean = (sum: number, n: number) => (n ? Math.round(sum / n) : 0);
  return {
    activities,
    meanScheduleToStartMs: mean(scheduleToStart, activities),
    meanCompletionToNextScheduleMs: mean(gaps, gapCount),
    meanActivityMs: mean(activityTime, activities),
  };
}
