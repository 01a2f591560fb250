export type RateLimitReason = 'global-rate' | 'endpoint-rate';

/**
 * Requests per account in fixed one-second windows of real time, globally and per endpoint
 * (method + route pattern, so `GET /v1/customers` and `GET /v1/customers/:id` count apart).
 * A refused request does not count against the window.
 */
export class RateLimiter {
  private window = -1;
  private readonly counts = new Map<string, number>();

  admit(account: string, endpoint: string, limits: { global: number; perEndpoint: number }): RateLimitReason | null {
    const window = Math.floor(Date.now() / 1000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const endpointKey = `${account} ${endpoint}`;
    const global = this.counts.get(account) ?? 0;
    const perEndpoint = this.counts.get(endpointKey) ?? 0;
    if (global >= limits.global) return 'global-rate';
    if (perEndpoint >= limits.perEndpoint) return 'endpoint-rate';
    this.counts.set(account, global + 1);
    this.counts.set(endpointKey, perEndpoint + 1);
    return null;
  }
}
