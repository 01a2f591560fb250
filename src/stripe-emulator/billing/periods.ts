import { DAY } from '../clock';
import type { Interval } from '../records/catalog';

const MONTHS: Partial<Record<Interval, number>> = { month: 1, year: 12 };
const SECONDS: Partial<Record<Interval, number>> = { day: DAY, week: 7 * DAY };

/** `ts` moved forward by `count` intervals, on the calendar for months and years (UTC). */
export function addInterval(ts: number, interval: Interval, count = 1): number {
  const seconds = SECONDS[interval];
  if (seconds) return ts + count * seconds;
  const date = new Date(ts * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + count * MONTHS[interval]!);
  // Jan 31 + 1 month is Feb 28/29, not Mar 3: clamp to the target month's last day, as Stripe does.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}

/** How many whole intervals lie between `anchor` and `at`, give or take one (a first guess). */
function intervalsBetween(anchor: number, at: number, interval: Interval): number {
  const seconds = SECONDS[interval];
  if (seconds) return Math.floor((at - anchor) / seconds);
  const a = new Date(anchor * 1000);
  const b = new Date(at * 1000);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return Math.floor(months / MONTHS[interval]!);
}

/**
 * The billing period containing `at` for a cycle anchored at `anchor`. Boundaries are always
 * counted from the anchor, so a cycle anchored on the 31st returns to the 31st after February.
 */
export function periodContaining(anchor: number, at: number, interval: Interval, count: number): [number, number] {
  if (at < anchor) return [anchor, addInterval(anchor, interval, count)];
  let k = Math.max(0, Math.floor(intervalsBetween(anchor, at, interval) / count) - 1);
  while (addInterval(anchor, interval, (k + 1) * count) <= at) k++;
  return [addInterval(anchor, interval, k * count), addInterval(anchor, interval, (k + 1) * count)];
}
