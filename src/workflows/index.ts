/** The workflow bundle's entry: every workflow the worker hosts. */
export { StripeSyncWorkflow } from './stripe-sync';
