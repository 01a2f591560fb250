/** Dates, times and amounts as the pages show them: in English, times in UTC. */

type When = string | Date;

const asDate = (when: When) => (when instanceof Date ? when : new Date(when));

/** `Dec 3, 2026` */
export const formatDate = (when: When): string =>
  asDate(when).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** `Dec 3, 2026, 14:05 UTC`. Self-contained: the settings page's script embeds it. */
export const formatDateTime = (when: When): string =>
  `${new Date(when).toLocaleString('en-US', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC',
  })} UTC`;

/** A Stripe timestamp (unix seconds) as a Date. */
export const fromUnix = (seconds: number): Date => new Date(seconds * 1000);

/**
 * An amount in the currency's smallest unit, as Stripe counts it (cents; yen have none), e.g.
 * `$20.00` or `€9.50`. A code Intl does not know is shown as it came.
 */
export function formatMoney(amount: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * How long ago, in words (`just now`, `5 minutes ago`, `3 days ago`, `2 years ago`). Self-contained: the settings
 * page's script embeds it to keep the label current.
 */
export function ageLabel(seconds: number): string {
  const units: [number, string][] = [[31_536_000, 'year'], [2_592_000, 'month'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  if (seconds < 45) return 'just now';
  for (const [size, name] of units) {
    const n = Math.round(seconds / size);
    if (n >= 1 && seconds >= size * 0.75) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
