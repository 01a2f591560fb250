/** Stripe's published limits: requests per second per account, globally and per endpoint. */
export interface RateLimits {
  enabled: boolean;
  live: { global: number; perEndpoint: number };
  test: { global: number; perEndpoint: number };
}

export const STRIPE_RATE_LIMITS: RateLimits = {
  enabled: true,
  live: { global: 100, perEndpoint: 25 },
  test: { global: 25, perEndpoint: 25 },
};

export interface FaultConfig {
  /** Added to every `/v1` answer. */
  latencyMs: number;
  /** Share of `/v1` requests answered 500 `api_error`. */
  errorRate: number;
  /** Share of `/v1` requests refused with 400 `invalid_request_error`: a request retrying cannot fix. */
  refuseRate: number;
  /** Share of `/v1` requests whose connection is destroyed without an answer. */
  resetRate: number;
  /** Share of `/v1` requests never answered (the client times out). */
  stallRate: number;
  rateLimits: RateLimits;
}

export type FaultChanges = Partial<Omit<FaultConfig, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> };

export type Disruption = 'reset' | 'stall' | 'error' | 'refuse';

/** Faults injected on demand, emulator-wide or for one account (which then overrides). */
export class Faults {
  private global: FaultConfig;
  private readonly perAccount = new Map<string, FaultConfig>();

  constructor(private readonly defaults: FaultConfig) {
    this.global = structuredClone(defaults);
  }

  configure(changes: FaultChanges, account?: string): FaultConfig {
    const current = account ? this.for(account) : this.global;
    const next: FaultConfig = {
      ...current,
      ...changes,
      rateLimits: { ...current.rateLimits, ...changes.rateLimits },
    };
    if (account) this.perAccount.set(account, next);
    else this.global = next;
    return next;
  }

  for(account: string | undefined): FaultConfig {
    return (account && this.perAccount.get(account)) || this.global;
  }

  view(): { global: FaultConfig; accounts: Record<string, FaultConfig> } {
    return { global: this.global, accounts: Object.fromEntries(this.perAccount) };
  }

  reset(): void {
    this.global = structuredClone(this.defaults);
    this.perAccount.clear();
  }

  /** Rolls the dice for one request: at most one disruption, resets first. */
  disruption(account: string | undefined): Disruption | null {
    const { resetRate, stallRate, errorRate, refuseRate } = this.for(account);
    const roll = Math.random();
    if (roll < resetRate) return 'reset';
    if (roll < resetRate + stallRate) return 'stall';
    if (roll < resetRate + stallRate + errorRate) return 'error';
    if (roll < resetRate + stallRate + errorRate + refuseRate) return 'refuse';
    return null;
  }
}
