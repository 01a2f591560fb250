/**
 * Durations as people write them in automations and their params ("3 days", "90 minutes",
 * "1 week"). Pure and deterministic, so workflows parse them too.
 */
const UNIT_MS: Record<string, number> = {
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i;

/** Milliseconds of a duration like "3 days", or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const unit = UNIT_MS[match[2]!.toLowerCase()];
  const amount = Number(match[1]);
  return unit && amount > 0 ? Math.round(amount * unit) : undefined;
}

/** Like `parseDuration`, for durations an author wrote in code: a typo is a bug, not a value. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new TypeError(`"${text}" is not a duration (write it like "3 days" or "90 minutes")`);
  return ms;
}
