/** Teardown registered by lazily started shared resources; run once by the root hooks. */
const tasks: (() => Promise<unknown>)[] = [];

export const onCleanup = (task: () => Promise<unknown>) => void tasks.push(task);

export async function runCleanup(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    await task().catch((err: unknown) => console.error('cleanup failed:', err));
  }
}
