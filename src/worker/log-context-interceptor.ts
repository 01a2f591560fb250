import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { withLogContext } from '../logging/log-context';

/**
 * Every line an activity logs carries its workflow, run, activity type, connection (every activity
 * input names its connection) and that connection's project. A connection never changes project,
 * so each is looked up once per worker.
 */
export function logContextInterceptor(projectOf: (connectionId: string) => Promise<string | undefined>): ActivityInterceptorsFactory {
  const projects = new Map<string, Promise<string | undefined>>();
  const project = (connectionId: string) => {
    let known = projects.get(connectionId);
    if (!known) {
      known = projectOf(connectionId).catch(() => undefined);
      projects.set(connectionId, known);
    }
    return known;
  };
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { workflowExecution, activityType } = ctx.info;
        const connectionId = (input.args[0] as { connectionId?: unknown } | undefined)?.connectionId;
        const projectId = typeof connectionId === 'string' ? await project(connectionId) : undefined;
        return withLogContext({
          ...(workflowExecution ? { workflowId: workflowExecution.workflowId, workflowRunId: workflowExecution.runId } : {}),
          activity: activityType,
          ...(typeof connectionId === 'string' ? { connectionId } : {}),
          ...(projectId ? { projectId } : {}),
        }, () => next(input));
      },
    },
  });
}
