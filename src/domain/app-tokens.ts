/** The most a Stripe App's access token is refreshed ahead of its expiry. */
export const REFRESH_AHEAD_MAX_SECONDS = 5 * 60;

/**
 * When a Stripe App access token is due for refresh: a quarter of its lifetime before it expires,
 * at most five minutes (an hour's token at 55 minutes, a one-minute test token at 45 seconds), so
 * the calls made with it never meet the expiry in the common case.
 */
export function refreshDueAt(expiresAt: Date, lifetimeSeconds: number): Date {
  const aheadSeconds = Math.min(REFRESH_AHEAD_MAX_SECONDS, lifetimeSeconds / 4);
  return new Date(expiresAt.getTime() - aheadSeconds * 1000);
}
