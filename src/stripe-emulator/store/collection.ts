import type { StoredRecord } from '../records/stored-record';

export interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/**
 * The objects of one type in one account: by id, and the listable ones kept sorted oldest
 * first by (created, seq), so that a list page is a binary search plus a walk of one page.
 * Deleted objects stay retrievable by id but leave the sorted list.
 */
export class Collection<R extends StoredRecord> {
  private readonly byId = new Map<string, R>();
  private readonly sorted: R[] = [];

  get(id: string): R | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<R> {
    return this.byId.values();
  }

  /** Listable records, oldest first. */
  ordered(): readonly R[] {
    return this.sorted;
  }

  add(record: R, listed = true): void {
    this.byId.set(record.id, record);
    if (!listed) return;
    const last = this.sorted[this.sorted.length - 1];
    // New objects are almost always the newest: append without searching.
    if (!last || compare(last, record) < 0) this.sorted.push(record);
    else this.sorted.splice(this.lowerBound(record.created, record.seq), 0, record);
  }

  /** Adds many records at once (seeding, loading a state file): one sort instead of many inserts. */
  addMany(records: Iterable<R>, isListed: (record: R) => boolean = () => true): void {
    for (const record of records) {
      this.byId.set(record.id, record);
      if (isListed(record)) this.sorted.push(record);
    }
    this.sorted.sort(compare);
  }

  /** Takes a record out of lists (a deletion) while keeping it retrievable by id. */
  unlist(record: R): void {
    const index = this.lowerBound(record.created, record.seq);
    if (this.sorted[index] === record) this.sorted.splice(index, 1);
  }

  remove(record: R): void {
    this.unlist(record);
    this.byId.delete(record.id);
  }

  /** Index of the first listed record at or after (created, seq). */
  lowerBound(created: number, seq: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.sorted[mid]!;
      if (r.created < created || (r.created === created && r.seq < seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The half-open index range [from, to) of listed records whose `created` lies in the range. */
  createdBounds(range: CreatedRange): [number, number] {
    const min = Math.max(range.gte ?? -Infinity, range.gt === undefined ? -Infinity : range.gt + 1);
    const max = Math.min(range.lte ?? Infinity, range.lt === undefined ? Infinity : range.lt - 1);
    if (min > max) return [0, 0];
    const from = min === -Infinity ? 0 : this.lowerBound(min, -Infinity);
    const to = max === Infinity ? this.sorted.length : this.lowerBound(max + 1, -Infinity);
    return [from, to];
  }
}

function compare(a: StoredRecord, b: StoredRecord): number {
  return a.created - b.created || a.seq - b.seq;
}
