import type { Disruption } from './faults';

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string without `?` (cursors, filters); '' when there is none. */
  query: string;
  /** Method and route pattern (`GET /v1/customers/:id`); null when no route matched. */
  endpoint: string | null;
  account: string | null;
  /** Arrival, in real milliseconds since the epoch. */
  time: number;
  /** The answer's status; 0 when the connection was reset or stalled on purpose. */
  status: number;
  /** The fault injected into this request (faults.ts), if any. */
  fault: Disruption | null;
  requestId: string;
}

export interface RequestLogQuery {
  account?: string;
  since?: number;
  endpoint?: string;
}

/** The last requests to `/v1` and `/oauth`, in a ring buffer (old entries are overwritten). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private next = 0;

  constructor(private readonly capacity = 500_000) {}

  add(entry: RequestLogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Matching entries, oldest first. */
  query(filter: RequestLogQuery): RequestLogEntry[] {
    const ordered = this.entries.length < this.capacity ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.filter(
      (e) =>
        (filter.account === undefined || e.account === filter.account) &&
        (filter.since === undefined || e.time >= filter.since) &&
        (filter.endpoint === undefined || e.endpoint === filter.endpoint),
    );
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
