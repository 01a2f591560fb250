import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { createAutomationRunStore } from '../../../src/db/automation-run-store';
import { createEmailOutboxStore } from '../../../src/db/email-outbox-store';
import type { StartedRun } from './automation-world';

/** The durations of the timers a run started, in seconds: proof that "3 days" ran as three days. */
export async function timersOf(env: TestWorkflowEnvironment, workflowId: string): Promise<number[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.timerStartedEventAttributes?.startToFireTimeout?.seconds)
    .filter((s): s is NonNullable<typeof s> => s !== undefined && s !== null)
    .map(Number);
}

export const DAY = 86_400;

/** The ledger row, its steps and its outbox emails. */
export async function inspectRun(db: Knex, run: StartedRun) {
  const runs = createAutomationRunStore(db);
  const [ledger, steps, emails] = await Promise.all([
    runs.get(run.start.runId),
    runs.steps(run.start.runId),
    createEmailOutboxStore(db).list(run.start.projectId, { runId: run.start.runId, limit: 50 }),
  ]);
  return { ledger, steps, emails: emails.data.reverse() };
}

export const waitRows = (db: Knex, runId: string) => db('automation_waits').where({ run_id: runId });
