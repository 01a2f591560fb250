export type Weights<K extends string> = Readonly<Record<K, number>>;

// Weight tables are few and fixed: their cumulative form is computed once per table.
const tables = new WeakMap<object, { keys: string[]; cumulative: number[] }>();

function tableOf<K extends string>(weights: Weights<K>): { keys: K[]; cumulative: number[] } {
  let table = tables.get(weights);
  if (!table) {
    let sum = 0;
    table = { keys: Object.keys(weights), cumulative: Object.values<number>(weights).map((w) => (sum += w)) };
    tables.set(weights, table);
  }
  return table as { keys: K[]; cumulative: number[] };
}

/**
 * A small seeded PRNG (sfc32) so that the same seed always yields the same account.
 * Math.random cannot be seeded, and crypto randomness is neither needed nor reproducible.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Weights<K>): K {
    const { keys, cumulative } = tableOf(weights);
    const roll = this.next() * cumulative[cumulative.length - 1]!;
    let i = 0;
    while (roll >= cumulative[i]!) i++;
    return keys[i]!;
  }

  /** A Poisson-distributed count with the given mean (Knuth's method; means here are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    for (let p = this.next(); p > limit; p *= this.next()) count++;
    return count;
  }

  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.int(0, 9);
    return out;
  }
}
