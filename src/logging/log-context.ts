import { AsyncLocalStorage } from 'node:async_hooks';

/** The ids a log line carries when it applies to them; never a secret. */
export interface LogFields {
  requestId?: string;
  projectId?: string;
  connectionId?: string;
  workflowId?: string;
  workflowRunId?: string;
  activity?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with these ids on every line logged inside it, however deep (an API request, an
 * activity): the logger reads them (see `createLogger`), so no call site has to pass them along.
 */
export const withLogContext = <T>(fields: LogFields, work: () => T): T => storage.run({ ...storage.getStore(), ...fields }, work);

/** Adds ids learnt on the way (the request's project once authenticated) to the current context. */
export function addLogContext(fields: LogFields): void {
  const current = storage.getStore();
  if (current) Object.assign(current, fields);
}

export const currentLogContext = (): LogFields => storage.getStore() ?? {};
