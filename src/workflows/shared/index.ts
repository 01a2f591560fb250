/**
 * What workflows and their callers share: workflow ids and search-attribute keys. Workflow-safe
 * (only `@temporalio/common`), so workflows import it and `src/temporal` re-exports it for clients.
 */
export * from './ids';
export * from './search-attributes';
export * from './summaries';
