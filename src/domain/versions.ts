/**
 * Versions order what we know about one Stripe object, so old data never overwrites new.
 * A version is epoch milliseconds: when the sync read the object (the page's fetch start), or when
 * Stripe emitted the event that carried it (`event.created`, whole seconds).
 */
export type SourceVersion = number;

/** One version for every object of a write, or each object's own, in the objects' order. */
export type Versions = SourceVersion | readonly SourceVersion[];

/** The version of an object read by a list call that started at `fetchStartedAtMs`. */
export const fetchedVersion = (fetchStartedAtMs: number): SourceVersion => Math.floor(fetchStartedAtMs);

/** The version of an object carried by an event (`event.created` is in seconds). */
export const eventVersion = (eventCreatedSeconds: number): SourceVersion => eventCreatedSeconds * 1000;

/**
 * Whether incoming data may replace stored data. Equal versions do replace: a re-read of the same
 * instant is the same truth, and re-applying it keeps a retried page idempotent.
 */
export const mayReplace = (stored: SourceVersion | null | undefined, incoming: SourceVersion): boolean =>
  stored === null || stored === undefined || stored <= incoming;
