export type ReadResult<R> = { ok: R } | { error: unknown };

/**
 * `read` for each item, at most `ahead` items beyond the one taken: `take` waits for that item's
 * result and starts the next reads. A read that fails waits, unobserved, for its turn; `isDone`
 * says whether an item's read has finished, so that a caller can take, without waiting, what is
 * already there.
 */
export function readAhead<T, R>(items: T[], read: (item: T) => Promise<R>, ahead: number) {
  const started = new Map<T, Promise<ReadResult<R>>>();
  const done = new Set<T>();
  let next = 0;
  const fill = (upTo: number) => {
    for (; next < items.length && next < upTo; next++) {
      const item = items[next]!;
      started.set(item, read(item).then(
        (ok) => (done.add(item), { ok }),
        (error: unknown) => (done.add(item), { error }),
      ));
    }
  };
  return {
    async take(item: T): Promise<ReadResult<R>> {
      fill(items.indexOf(item) + ahead);
      const result = await started.get(item)!;
      started.delete(item);
      done.delete(item);
      return result;
    },
    isDone: (item: T): boolean => done.has(item),
  };
}
