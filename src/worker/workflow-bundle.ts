import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';

/** Resolved when needed: the entry point is `src/workflows/index.ts`. */
const workflowsPath = () => require.resolve('../workflows');
/** Written by `npm run setup` (provision); production workers load it instead of bundling at start. */
export const PREBUILT_BUNDLE = path.resolve(__dirname, '../../workflow-bundle.js');

let bundleInProcess: Promise<WorkflowBundleOption> | undefined;

/**
 * `prebuilt`: the bundle the set-up wrote (production and `npm start`); otherwise the source is
 * bundled once per process, so tests always run the workflow code they compiled.
 */
export function workflowBundle(prebuilt = false): Promise<WorkflowBundleOption> {
  if (prebuilt && fs.existsSync(PREBUILT_BUNDLE)) return Promise.resolve({ codePath: PREBUILT_BUNDLE });
  bundleInProcess ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietBundlerLogger });
  return bundleInProcess;
}

export async function writeWorkflowBundle(file = PREBUILT_BUNDLE): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietBundlerLogger });
  fs.writeFileSync(file, code);
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
