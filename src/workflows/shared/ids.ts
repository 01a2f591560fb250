/** Workflow ids are fixed by the product's contract: ops search for them in the Temporal UI. */
export const syncWorkflowId = (connectionId: string) => `stripe-sync:${connectionId}`;
export const accountWorkflowId = (connectionId: string) => `stripe-account:${connectionId}`;
/** One run per automation and triggering Stripe event: the id itself refuses a second start. */
export const automationRunWorkflowId = (projectId: string, automationId: string, stripeEventId: string) =>
  `automation:${projectId}:${automationId}:${stripeEventId}`;

/** A sync's `sync_runs` id: that of the first run of the workflow execution that started it. */
export const syncRunIdOf = (firstExecutionRunId: string) => `run_${firstExecutionRunId}`;
/** One delivery per alert email: the id refuses a second. */
export const alertEmailWorkflowId = (emailId: string) => `alert-email:${emailId}`;
