/** Teardown registered by lazily started shared resources; run once by the root hooks. */
const tasks: (() => Promise<unknown>)[] = [];
let draining: Promise<void> | undefined;

export const onCleanup = (task: () => Promise<unknown>) => void tasks.push(task);

async function drain(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    await task().catch((err: unknown) => console.error('cleanup failed:', err));
  }
}

/** Callers that overlap (a signal arriving while a failed run cleans up) share one pass. */
export function runCleanup(): Promise<void> {
  draining ??= drain().finally(() => { draining = undefined; });
  return draining;
}
