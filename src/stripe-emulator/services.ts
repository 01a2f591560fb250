import { IdempotencyStore } from './api/idempotency';
import { createApiRouter } from './api/routes';
import { BillingScheduler } from './billing/scheduler';
import type { EmulatorCore } from './core';
import { EventBus } from './events/bus';
import { Faults, STRIPE_RATE_LIMITS } from './faults';
import { OAuthFlows } from './oauth/flows';
import { RateLimiter } from './rate-limit';
import { JsonPrewarmer } from './render/prewarm';
import { RequestLog } from './request-log';
import { seedAccount, type SeedCounts, type SeedOptions } from './seed/seed';
import type { AccountState } from './store/account';
import { EmulatorState } from './store/state';
import { WebhookDeliveries, type DeliveryTarget } from './webhooks/delivery';
import { DEFAULT_DELIVERY_CONFIG } from './webhooks/delivery-config';

export interface ResolvedOptions {
  host: string;
  port: number;
  stateFile?: string;
  latencyMs: number;
  rateLimits: boolean;
  logRequests: boolean;
}

/** Everything one running emulator consists of, wired together. */
export class EmulatorServices {
  readonly state = new EmulatorState();
  readonly deliveries = new WebhookDeliveries((target) => this.isCurrentEndpoint(target));
  readonly core: EmulatorCore = { state: this.state, events: new EventBus(this.state, this.deliveries) };
  readonly scheduler = new BillingScheduler(this.core);
  readonly faults: Faults;
  readonly rateLimiter = new RateLimiter();
  readonly requestLog = new RequestLog();
  readonly idempotency = new IdempotencyStore();
  readonly oauth = new OAuthFlows();
  readonly apiRouter = createApiRouter();
  readonly prewarmer = new JsonPrewarmer(this.state);

  constructor(readonly options: ResolvedOptions) {
    this.faults = new Faults({
      latencyMs: options.latencyMs,
      errorRate: 0,
      refuseRate: 0,
      rateLimitRate: 0,
      resetRate: 0,
      stallRate: 0,
      stallMs: 0,
      rateLimits: { ...STRIPE_RATE_LIMITS, enabled: options.rateLimits },
    });
  }

  /** Moves the virtual clock forward, performing what falls due on the way. */
  advanceClock(target: number): { now: number; actions: number } {
    const actions = this.scheduler.runUntil(target);
    this.state.clock.moveTo(target);
    return { now: this.state.clock.now(), actions };
  }

  /** Seeds an account, then serializes its objects in the background (see JsonPrewarmer). */
  seed(account: AccountState, options: SeedOptions): SeedCounts {
    const counts = seedAccount(this.state, account, options);
    this.prewarmer.schedule(account);
    return counts;
  }

  /** Drops all data and runtime settings; ids stay unique (they never restart). */
  reset(): void {
    this.deliveries.clear();
    this.prewarmer.clear();
    this.deliveries.configure({ ...DEFAULT_DELIVERY_CONFIG });
    this.state.reset();
    this.faults.reset();
    this.idempotency.clear();
    this.oauth.reset();
    this.requestLog.clear();
  }

  private isCurrentEndpoint(target: DeliveryTarget): boolean {
    const endpoint = target.owner.webhookEndpoints.get(target.endpoint.id);
    return endpoint === target.endpoint && !endpoint.disabled;
  }
}
