/**
 * Serialized JSON of stored objects, built once and reused: a list page is then a copy of
 * cached bytes rather than a render and a JSON.stringify per object, which keeps the
 * emulator's CPU far below the client's (benchmarks must measure the integration).
 * Bounded by bytes; the oldest entries go first.
 */
export class JsonCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly budgetBytes = 256 * 1024 * 1024) {}

  /** The cached JSON of `id`, or builds, caches and returns it. */
  get(id: string, build: () => unknown): Buffer {
    const cached = this.entries.get(id);
    if (cached) return cached;
    const json = Buffer.from(JSON.stringify(build()));
    this.entries.set(id, json);
    this.bytes += json.length;
    this.evict();
    return json;
  }

  /** Forgets an object's JSON after it changed. */
  delete(id: string): void {
    const cached = this.entries.get(id);
    if (!cached) return;
    this.bytes -= cached.length;
    this.entries.delete(id);
  }

  /** Whether the cache is below `share` of its budget (pre-serializing stops before it evicts). */
  hasRoom(share = 0.9): boolean {
    return this.bytes < this.budgetBytes * share;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [id, json] of this.entries) {
      if (this.bytes <= this.budgetBytes) return;
      this.bytes -= json.length;
      this.entries.delete(id);
    }
  }
}
