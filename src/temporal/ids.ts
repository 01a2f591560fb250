/** Workflow ids for the client side; defined with the workflows, which build them too. */
export { accountWorkflowId, automationRunWorkflowId, syncWorkflowId } from '../workflows/shared/ids';
