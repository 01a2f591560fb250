/** `npm run build` step: writes dist/workflow-bundle.js, which production workers load at start. */
import { writeWorkflowBundle, PREBUILT_BUNDLE } from '../worker/workflow-bundle';
import { runMain } from './run-main';

runMain(async () => {
  await writeWorkflowBundle();
  console.log(`workflow bundle written to ${PREBUILT_BUNDLE}`);
});
