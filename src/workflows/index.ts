/** The workflow bundle's entry: every workflow the worker hosts. */
export { StripeAccountWorkflow } from './stripe-account';
export { StripeSyncWorkflow } from './stripe-sync';
export { AutomationWorkflow } from './automations/kit/run';
export { ConnectionAlertEmailWorkflow } from './connection-alert-email';
