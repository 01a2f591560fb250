import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import webpack from 'webpack';

const noop = () => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

/** A module of the workflow code swapped for another file, as another build of the same code would have it. */
export interface ModuleSwap {
  /** the import as written, e.g. `./dunning` */
  request: string;
  /** the folder of the importing file, relative to the workflows folder, e.g. `automations` */
  from: string;
  /** the compiled file that takes its place */
  file: string;
}

const WORKFLOWS_DIR = path.dirname(require.resolve('../../src/workflows'));

/** The product's workflow bundle, or another build of it with some modules swapped. */
export function bundleWorkflows(swaps: ModuleSwap[] = []): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_DIR,
    logger: quiet,
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        ...swaps.map((swap) => new webpack.NormalModuleReplacementPlugin(new RegExp(`^${swap.request.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`), (resource: { context: string; request: string }) => {
          if (resource.context === path.join(WORKFLOWS_DIR, swap.from)) resource.request = swap.file;
        })),
      ],
    }),
  });
}
