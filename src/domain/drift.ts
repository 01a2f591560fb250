/**
 * Drift: where the mirror and Stripe disagree about an object. Pure and sandbox-safe; the drift
 * check and a customer's resync count what they repaired in these terms.
 */
import type { StripeObjectType } from './sync-slices';

/** What comparing one kind of object found (and repaired). */
export interface ObjectDrift {
  /** objects Stripe listed and the mirror was compared with */
  checked: number;
  /** in Stripe, not in the mirror */
  missing: number;
  /** in both, but the mirror's copy differed */
  stale: number;
  /** in the mirror, gone from Stripe (deleted there) */
  removed: number;
}

export type DriftCounts = Record<StripeObjectType, ObjectDrift>;

export const noDrift = (): ObjectDrift => ({ checked: 0, missing: 0, stale: 0, removed: 0 });

export const emptyDriftCounts = (): DriftCounts => ({ customers: noDrift(), subscriptions: noDrift(), charges: noDrift() });

/** How many objects were repaired. */
export const repairedCount = (d: ObjectDrift): number => d.missing + d.stale + d.removed;

export const addDrift = (a: ObjectDrift, b: ObjectDrift): ObjectDrift => ({
  checked: a.checked + b.checked, missing: a.missing + b.missing, stale: a.stale + b.stale, removed: a.removed + b.removed,
});

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Whether two renderings of a Stripe object say the same, as JSON: the order of keys aside (JSON
 * storage reorders them), and with values as they serialize (stripe-node holds `*_decimal` fields
 * as objects that serialize to the strings the API sent).
 */
export const sameStripeObject = (a: unknown, b: unknown): boolean =>
  sameJson(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

export type DriftCheckStatus = 'running' | 'succeeded' | 'failed';

/** One drift check of a connection and what it found, per kind. */
export interface DriftCheck {
  id: string;
  connectionId: string;
  status: DriftCheckStatus;
  counts: DriftCounts;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** A week: how often a connection is checked for drift unless it says otherwise. */
export const DEFAULT_DRIFT_CHECK_EVERY_HOURS = 168;
