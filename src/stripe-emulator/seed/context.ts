import { DAY } from '../clock';
import type { CardDetails } from '../records/card';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';
import { cardFromToken, expiryYear } from '../test-cards';
import type { SeededRandom } from './random';

/**
 * Most seeded objects have no metadata: they share one frozen empty object (a change always
 * replaces an object's metadata, never edits it), which keeps 100,000-customer accounts small.
 */
export const NO_METADATA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** What every part of seeding shares: the random source, the account, and the time frame. */
export interface SeedContext {
  rng: SeededRandom;
  state: EmulatorState;
  account: AccountState;
  /** Virtual now. */
  now: number;
  /** Start of today (UTC): seeded history is laid out before it, so a seed gives the same account all day. */
  anchor: number;
  historyStart: number;
}

export function seedContext(rng: SeededRandom, state: EmulatorState, account: AccountState, yearsOfHistory: number): SeedContext {
  const now = state.clock.now();
  const anchor = Math.floor(now / DAY) * DAY;
  return { rng, state, account, now, anchor, historyStart: anchor - Math.round(yearsOfHistory * 365 * DAY) };
}

/** A time between `from` and `to`, skewed towards `to` (businesses grow: recent years hold more). */
export function timeBetween(ctx: SeedContext, from: number, to: number, skewRecent = true): number {
  if (to <= from) return from;
  const r = skewRecent ? Math.sqrt(ctx.rng.next()) : ctx.rng.next();
  return from + Math.floor((to - from) * r);
}

export function randomCard(ctx: SeedContext): CardDetails {
  const token = ctx.rng.pick(['tok_visa', 'tok_visa', 'tok_mastercard', 'tok_amex', 'tok_visa_debit']);
  return cardFromToken(token, expiryYear(ctx.anchor, ctx.rng.int(0, 4)))!.card;
}
