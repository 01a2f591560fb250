/** Workflow ids are fixed by the product's contract: ops search for them in the Temporal UI. */
export const syncWorkflowId = (connectionId: string) => `stripe-sync:${connectionId}`;
export const accountWorkflowId = (connectionId: string) => `stripe-account:${connectionId}`;

/** A sync's `sync_runs` id: that of the first run of the workflow execution that started it. */
export const syncRunIdOf = (firstExecutionRunId: string) => `run_${firstExecutionRunId}`;
