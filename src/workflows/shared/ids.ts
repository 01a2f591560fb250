/** Workflow ids are fixed by the product's contract: ops search for them in the Temporal UI. */
export const syncWorkflowId = (connectionId: string) => `stripe-sync:${connectionId}`;
export const accountWorkflowId = (connectionId: string) => `stripe-account:${connectionId}`;
