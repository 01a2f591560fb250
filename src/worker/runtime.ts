import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';

/**
 * The Temporal SDK's runtime, once per process and before any worker connection: its own logs
 * (worker state, workflow `log` calls with their workflow ids) go to our JSON log, and its worker
 * metrics to a Prometheus exporter on METRICS_HOST:TEMPORAL_METRICS_PORT (when not 0).
 */
export function installTemporalRuntime(config: Pick<Config, 'metrics'>, logger: Logger): void {
  const { host, temporalPort } = config.metrics;
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      const method = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : level === 'INFO' ? 'info' : 'debug';
      // A workflow's own lines (its `log` calls) name it at the top, as activities' lines do.
      const { workflowId, runId } = (meta ?? {}) as { workflowId?: string; runId?: string };
      logger[method]({ ...(workflowId ? { workflowId, workflowRunId: runId } : {}), temporal: meta }, message);
    }),
    ...(temporalPort ? { telemetryOptions: { metrics: { prometheus: { bindAddress: `${host}:${temporalPort}`, useSecondsForDurations: true } } } } : {}),
  });
}
