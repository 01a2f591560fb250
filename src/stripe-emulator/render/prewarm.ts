import type { StoredRecord } from '../records/stored-record';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';
import { KINDS, type ResourceKind } from './kinds';

/** Objects an integration lists in bulk, in the order a backfill reads them. */
const BULK_KINDS: ResourceKind[] = [KINDS.customer, KINDS.subscription, KINDS.charge];
const SLICE_MS = 4;

/**
 * Builds the cached JSON of freshly seeded (or loaded) objects in the background, newest first,
 * a few milliseconds at a time between requests. A backfill then reads pages that are already
 * serialized: the emulator's CPU per page stays far below the client's, even on the first read.
 * Stops short of the cache budget, so it never evicts what it built.
 */
export class JsonPrewarmer {
  private readonly queue: { account: AccountState; kind: ResourceKind; records: readonly StoredRecord[]; next: number }[] = [];
  private running: NodeJS.Immediate | undefined;
  private stopped = false;
  /** Objects serialized so far and the CPU time it took (reported by /_emulator/stats). */
  readonly totals = { objects: 0, ms: 0 };

  constructor(private readonly state: EmulatorState) {}

  get pending(): number {
    return this.queue.reduce((sum, job) => sum + job.next + 1, 0);
  }

  schedule(account: AccountState): void {
    if (this.stopped) return;
    for (const kind of BULK_KINDS) {
      const records = kind.collection(account).ordered();
      this.queue.push({ account, kind, records, next: records.length - 1 });
    }
    this.running ??= setImmediate(() => this.work());
  }

  /** Forgets what was queued (a reset). */
  clear(): void {
    this.queue.length = 0;
    if (this.running) clearImmediate(this.running);
    this.running = undefined;
  }

  /** For good (the emulator closes). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private work(): void {
    const started = performance.now();
    const deadline = started + SLICE_MS;
    let built = 0;
    while (this.queue.length > 0 && performance.now() < deadline) {
      const job = this.queue[0]!;
      if (job.next < 0 || !this.state.json.hasRoom()) {
        this.queue.shift();
        continue;
      }
      // A few objects between clock reads: reading the clock costs about as much as one object.
      for (let n = 0; n < 16 && job.next >= 0; n++, job.next--) {
        const record = job.records[job.next]!;
        if (this.state.json.has(record.id)) continue;
        this.state.json.get(record.id, () => job.kind.render(record, job.account));
        built++;
      }
    }
    this.totals.objects += built;
    this.totals.ms += performance.now() - started;
    this.running = this.queue.length > 0 && !this.stopped ? setImmediate(() => this.work()) : undefined;
  }
}
