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
  /**
   * Share of `/v1` requests answered 429 `rate_limit` (reason `global-rate`) whatever the limits:
   * the account's budget spent elsewhere, as by the merchant's own traffic.
   */
  rateLimitRate: number;
  /** Share of `/v1` requests whose connection is destroyed without an answer. */
  resetRate: number;
  /** Share of `/v1` requests that stall: answered after `stallMs`, or never when it is 0 (the client times out). */
  stallRate: number;
  stallMs: number;
  rateLimits: RateLimits;
}

export type FaultChanges = Partial<Omit<FaultConfig, 'rateLimits'>> & { rateLimits?: Partial<RateLimits> };

export type Disruption = 'reset' | 'stall' | 'error' | 'refuse' | 'rate_limit';

/** The fault shares, which one roll divides between them: they add up to 1 at most. */
export const FAULT_RATES = ['resetRate', 'stallRate', 'errorRate', 'refuseRate', 'rateLimitRate'] as const;

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

  /** Rolls the dice for one request: at most one disruption, in FAULT_RATES order. */
  disruption(account: string | undefined): Disruption | null {
    const config = this.for(account);
    const outcomes: Record<(typeof FAULT_RATES)[number], Disruption> = {
      resetRate: 'reset', stallRate: 'stall', errorRate: 'error', refuseRate: 'refuse', rateLimitRate: 'rate_limit',
    };
    let roll = Math.random();
    for (const rate of FAULT_RATES) {
      if (roll < config[rate]) return outcomes[rate];
      roll -= config[rate];
    }
    return null;
  }
}
