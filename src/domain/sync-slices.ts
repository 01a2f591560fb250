/**
 * The first sync splits each object type's `created` range into slices that page in parallel
 * (newest first, 100 per page). Slices are split further whenever capacity would otherwise sit
 * idle, so concurrency fills the rate budget. Pure and sandbox-safe: the workflow keeps this state.
 */
export type StripeObjectType = 'customers' | 'subscriptions' | 'charges';

/** Customers first: profiles appear early, and the phase names the first type still running. */
export const STRIPE_OBJECT_TYPES: readonly StripeObjectType[] = ['customers', 'subscriptions', 'charges'];

/** Before Stripe existed: a floor under every account's oldest object. */
export const CREATED_FLOOR = Date.UTC(2009, 0, 1) / 1000;

/** A part of one object type's `created` range, [gte, lt) in unix seconds, read newest first. */
export interface SyncSlice {
  id: string;
  type: StripeObjectType;
  gte: number;
  lt: number;
  /** the last object read (Stripe's `starting_after`); null before the first page */
  cursor: string | null;
  /** `created` of the last object read: the slice is complete above it */
  lastCreated: number | null;
  /** objects copied from this slice so far */
  count: number;
  /** pages committed so far (absent before the first) */
  pages?: number;
  done: boolean;
  /**
   * Objects per second over the part the latest activity read: the density at the read frontier,
   * where the unread part begins (absent before the first progress).
   */
  recentDensity?: number;
}

export interface SlicePlan {
  slices: SyncSlice[];
  /** the next slice number, so ids stay unique across splits and continue-as-new */
  nextSeq: number;
  /**
   * How many objects of each type Stripe's search counted below the cut-off when the run began
   * (absent, or null for a type, where search could not tell): the estimates start from there.
   */
  stripeTotals?: Partial<Record<StripeObjectType, number | null>>;
}

const sliceId = (type: StripeObjectType, seq: number) => `${type}-${seq}`;

/** The number in a slice id, unique across types. */
export const sliceSeq = (id: string): number => Number(id.slice(id.lastIndexOf('-') + 1));

export const freshSlice = (type: StripeObjectType, seq: number, gte: number, lt: number): SyncSlice => ({
  id: sliceId(type, seq), type, gte, lt, cursor: null, lastCreated: null, count: 0, done: false,
});

export interface PlanInput {
  /** unix seconds; objects created later are left to live events */
  now: number;
  /** when the account was created, if Stripe said: the floor-to-here part is one slice (usually empty) */
  accountCreated: number | null;
  /** initial slices per object type between the account's creation and now */
  slicesPerType: number;
}

/** Equal slices of [from, to), at least one second wide each. */
function equalRanges(from: number, to: number, parts: number): [number, number][] {
  const width = Math.max(1, Math.ceil((to - from) / Math.max(1, parts)));
  const ranges: [number, number][] = [];
  for (let gte = from; gte < to; gte += width) ranges.push([gte, Math.min(to, gte + width)]);
  return ranges;
}

/** The initial slices of every object type, covering [CREATED_FLOOR, now + 1) without gaps. */
export function planSlices({ now, accountCreated, slicesPerType }: PlanInput): SlicePlan {
  const end = now + 1;
  const hint = accountCreated !== null && accountCreated > CREATED_FLOOR && accountCreated < end ? accountCreated : CREATED_FLOOR;
  let seq = 0;
  const slices: SyncSlice[] = [];
  for (const type of STRIPE_OBJECT_TYPES) {
    if (hint > CREATED_FLOOR) slices.push(freshSlice(type, seq++, CREATED_FLOOR, hint));
    for (const [gte, lt] of equalRanges(hint, end, slicesPerType)) slices.push(freshSlice(type, seq++, gte, lt));
  }
  return { slices, nextSeq: seq };
}

/** The newest second of a slice still to read (inclusive). */
const unreadTop = (s: SyncSlice): number => s.lastCreated ?? s.lt - 1;

/** How many seconds of a slice are still to read. */
const unreadWidth = (s: SyncSlice): number => (s.done ? 0 : unreadTop(s) - s.gte + 1);

/**
 * Splits the unread part of an idle slice in two: the slice keeps its cursor and the newer half
 * [mid, lt); a fresh slice takes the older half [gte, mid). Null when only one second is left.
 * Keeping `mid <= lastCreated` keeps the cursor's own second in the slice that owns the cursor.
 */
export function splitSlice(slice: SyncSlice, seq: number): [SyncSlice, SyncSlice] | null {
  if (slice.done) return null;
  const top = unreadTop(slice);
  if (top - slice.gte < 1) return null;
  const mid = slice.gte + Math.ceil((top - slice.gte) / 2);
  return [{ ...slice, gte: mid }, freshSlice(slice.type, seq, slice.gte, mid)];
}

/**
 * Above this many objects still to copy (estimated: more than one activity's pages), an idle
 * slice is split whenever it is
 * started: its newer half runs, its older half waits for the next free slot. Dense ranges are thus
 * spread over slots early, instead of ending as a few long slices that cannot be split while they
 * run, with the other slots idle.
 */
const SPLIT_ABOVE_OBJECTS = 1_000;

/**
 * Chooses the slices to start in `freeSlots` free activity slots: each goes to the object type
 * with the most left to copy (estimated) per slice already running, so that types finish
 * together (and, before anything is read, evenly: each type has its own per-endpoint budget);
 * within a type, to the slice with the most left to copy.
 * It splits an idle slice that has much left, or when there are more slots than idle slices.
 * Running slices are never split: their activity owns their range.
 */
export function assignSlices(plan: SlicePlan, running: ReadonlySet<string>, freeSlots: number): { plan: SlicePlan; start: SyncSlice[] } {
  let slices = [...plan.slices];
  let nextSeq = plan.nextSeq;
  const start: SyncSlice[] = [];
  const busy = new Set(running);
  const idle = (type: StripeObjectType) => slices.filter((s) => s.type === type && !s.done && !busy.has(s.id));
  const load = (type: StripeObjectType) => slices.filter((s) => s.type === type && busy.has(s.id)).length;

  while (start.length < freeSlots) {
    const candidates = STRIPE_OBJECT_TYPES.filter((t) => idle(t).length > 0);
    if (candidates.length === 0) break;
    const lefts = new Map(candidates.map((t) => [t, leftToCopyOfType(slices, t, plan.stripeTotals?.[t])]));
    const perSlot = (t: StripeObjectType) => {
      const left = lefts.get(t)!;
      return slices.reduce((sum, s) => sum + (s.type === t ? left(s) : 0), 0) / (load(t) + 1);
    };
    const type = candidates.reduce((best, t) => {
      const [a, b] = [perSlot(best), perSlot(t)];
      return b > a || (b === a && load(t) < load(best)) ? t : best;
    });
    const left = lefts.get(type)!;
    const most = idle(type).reduce((a, b) => {
      const [la, lb] = [left(a), left(b)];
      return lb > la || (lb === la && unreadWidth(b) > unreadWidth(a)) ? b : a;
    });
    const spare = freeSlots - start.length - 1;
    const worthSplitting = left(most) > SPLIT_ABOVE_OBJECTS || (spare > 0 && idle(type).length === 1);
    const split = worthSplitting ? splitSlice(most, nextSeq) : null;
    if (split) {
      nextSeq++;
      slices = slices.flatMap((s) => (s.id === most.id ? split : [s]));
    }
    const chosen = split ? split[0] : most;
    busy.add(chosen.id);
    start.push(chosen);
  }
  return { plan: { ...plan, slices, nextSeq }, start };
}

/** Records what an activity reported for a slice (`pages`: those it committed), and the density of the part it read. */
export function applySliceProgress(
  plan: SlicePlan,
  progress: Pick<SyncSlice, 'id' | 'cursor' | 'lastCreated' | 'count' | 'done'> & { pages?: number },
): SlicePlan {
  const advance = (s: SyncSlice): SyncSlice => {
    const { id, cursor, lastCreated, count, done } = progress;
    const next = { ...s, id, cursor, lastCreated, count, done, pages: (s.pages ?? 0) + (progress.pages ?? 0) };
    const seconds = readWidth(next) - readWidth(s);
    return seconds > 0 && next.count >= s.count ? { ...next, recentDensity: (next.count - s.count) / seconds } : next;
  };
  return { ...plan, slices: plan.slices.map((s) => (s.id === progress.id ? advance(s) : s)) };
}

export const typeDone = (plan: SlicePlan, type: StripeObjectType): boolean =>
  plan.slices.every((s) => s.type !== type || s.done);

export const allDone = (plan: SlicePlan): boolean => plan.slices.every((s) => s.done);

export const countOf = (plan: SlicePlan, type: StripeObjectType): number =>
  plan.slices.filter((s) => s.type === type).reduce((sum, s) => sum + s.count, 0);

/** Seconds of a slice already read. */
const readWidth = (s: SyncSlice): number => s.lt - s.gte - unreadWidth(s);

/** Objects per second over some slices' read parts; undefined when nothing was read there. */
function density(slices: SyncSlice[]): number | undefined {
  const read = slices.reduce((sum, s) => sum + readWidth(s), 0);
  return read > 0 ? slices.reduce((sum, s) => sum + s.count, 0) / read : undefined;
}

/** Above this ratio between the densities at an unread part's two ends, density is taken to change geometrically. */
const STEEP = 4;

/**
 * The mean density over an unread part from the densities at its two ends: linear between them,
 * or geometric (their logarithmic mean) when one is many times the other, as at the top of a
 * growing account, where the newest days hold a burst that thins out fast with age.
 */
function meanDensity(top: number, bottom: number | undefined): number {
  if (bottom === undefined) return top;
  const [lo, hi] = top < bottom ? [top, bottom] : [bottom, top];
  if (lo > 0 && hi / lo > STEEP) return (hi - lo) / Math.log(hi / lo);
  return (top + bottom) / 2;
}

/**
 * For the slices of one type: how many objects each still has to copy, estimated. Within a
 * slice's unread part the density is taken to run between its two ends: at the top, the density
 * where the slice's reading has got to (what its latest activity read, or what it read in all
 * when that is less; not started yet: the same at the frontier of the slice just above it, else
 * the slices in progress); at the bottom, the density of what
 * the next older slice read at its own top (all of it, once done). Extrapolating the newest,
 * usually densest, page over a whole slice overshot several-fold for accounts that grew; old
 * ranges already read empty still do not dilute a slice's top.
 */
function leftToCopy(slices: SyncSlice[]): (s: SyncSlice) => number {
  const started = slices.filter((s) => !s.done && readWidth(s) > 0);
  const fallback = density(started) ?? density(slices) ?? 0;
  const byEnd = new Map(slices.map((s) => [s.lt, s]));
  const byStart = new Map(slices.map((s) => [s.gte, s]));
  return (s) => {
    const width = unreadWidth(s);
    if (width === 0) return 0;
    const own = density([s]);
    const newer = byStart.get(s.lt);
    const frontier = (x: SyncSlice, read: number) => Math.min(read, x.recentDensity ?? read);
    const above = newer && readWidth(newer) > 0 ? frontier(newer, density([newer])!) : undefined;
    const top = own !== undefined ? frontier(s, own) : above ?? fallback;
    const older = byEnd.get(s.gte);
    const bottom = older && readWidth(older) > 0 ? density([older]) : undefined;
    return width * meanDensity(top, bottom);
  };
}

/**
 * What each slice of a type has left to copy. With Stripe's count of the type, what is left is
 * known (the count less what was copied, never below 0: search may lag the newest writes by a
 * minute), and the densities only share it out among the slices (by unread width before any
 * was read); without one, the densities' estimate stands.
 */
function leftToCopyOfType(slices: SyncSlice[], type: StripeObjectType, counted: number | null | undefined): (s: SyncSlice) => number {
  const ofType = slices.filter((s) => s.type === type);
  const left = leftToCopy(ofType);
  if (typeof counted !== 'number') return left;
  const remaining = Math.max(0, counted - ofType.reduce((n, s) => n + s.count, 0));
  const estimated = ofType.reduce((sum, s) => sum + left(s), 0);
  if (estimated > 0) return (s) => (left(s) * remaining) / estimated;
  const width = ofType.reduce((sum, s) => sum + unreadWidth(s), 0);
  return (s) => (width > 0 ? (unreadWidth(s) * remaining) / width : 0);
}

/**
 * An estimate of a type's total, for progress bars and the ETA; exact once the type is done.
 * Stripe's own count where search gave one (what was copied beyond it counts too), else the
 * densities read so far.
 */
export function estimateTotal(plan: SlicePlan, type: StripeObjectType): number {
  const left = leftToCopyOfType(plan.slices, type, plan.stripeTotals?.[type]);
  return countOf(plan, type) + Math.round(plan.slices.reduce((sum, s) => sum + (s.type === type ? left(s) : 0), 0));
}
