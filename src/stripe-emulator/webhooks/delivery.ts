import http from 'node:http';
import https from 'node:https';
import { newId } from '../ids';
import type { EventRecord } from '../records/event';
import type { WebhookEndpointRecord } from '../records/webhook-endpoint';
import type { AccountState } from '../store/account';
import { signatureHeader } from './signature';

export interface DeliveryConfig {
  /** Probability (0..1) that an event is sent a second time to the same endpoint. */
  duplicate: number;
  /** Delay each first attempt by a random 0–250 ms, so a burst of events arrives shuffled. */
  reorder: boolean;
  /** Hold deliveries (they queue) until unpaused. */
  paused: boolean;
  /** Delay before the first retry; each further retry waits twice as long. */
  retryBaseMs: number;
  /** Attempts in all (the first one included) before a delivery is given up as failed. */
  maxAttempts: number;
  /** How long a receiver may take to answer before the attempt counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = {
  duplicate: 0,
  reorder: false,
  paused: false,
  retryBaseMs: 5_000,
  maxAttempts: 4,
  timeoutMs: 10_000,
};

const REORDER_WINDOW_MS = 250;
const MAX_REMEMBERED = 50_000;

/** An endpoint and the account (data) that owns it: a platform's, for Connect endpoints. */
export interface DeliveryTarget {
  endpoint: WebhookEndpointRecord;
  owner: AccountState;
}

export interface DeliveryView {
  id: string;
  endpoint: string;
  url: string;
  event: string;
  type: string;
  account: string;
  duplicate: boolean;
  attempts: number;
  state: 'pending' | 'succeeded' | 'failed';
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
}

interface Delivery extends Omit<DeliveryView, 'endpoint' | 'url' | 'event' | 'type'> {
  target: DeliveryTarget;
  eventRecord: EventRecord;
  body: Buffer;
  timer?: NodeJS.Timeout;
}

/**
 * Sends events to webhook endpoints like Stripe: signed, at least once, retried with
 * exponential backoff on a non-2xx answer or a network error, given up after `maxAttempts`.
 * Can duplicate, shuffle and hold deliveries so receivers' idempotency can be tested.
 */
export class WebhookDeliveries {
  private config: DeliveryConfig = { ...DEFAULT_DELIVERY_CONFIG };
  private deliveries: Delivery[] = [];
  private held: Delivery[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(private readonly isCurrent: (target: DeliveryTarget) => boolean) {}

  get settings(): DeliveryConfig {
    return { ...this.config };
  }

  configure(changes: Partial<DeliveryConfig>): DeliveryConfig {
    this.config = { ...this.config, ...changes };
    if (!this.config.paused) for (const delivery of this.held.splice(0)) this.schedule(delivery, 0);
    return this.settings;
  }

  enqueue(event: EventRecord, eventAccountId: string, body: Buffer, targets: DeliveryTarget[]): void {
    for (const target of targets) {
      this.start(this.remember(event, eventAccountId, body, target, false));
      if (Math.random() < this.config.duplicate) this.start(this.remember(event, eventAccountId, body, target, true));
    }
  }

  list(filter: { event?: string; endpoint?: string; account?: string } = {}): DeliveryView[] {
    return this.deliveries
      .filter(
        (d) =>
          (!filter.event || d.eventRecord.id === filter.event) &&
          (!filter.endpoint || d.target.endpoint.id === filter.endpoint) &&
          (!filter.account || d.account === filter.account),
      )
      .map((d) => ({
        id: d.id,
        endpoint: d.target.endpoint.id,
        url: d.target.endpoint.url,
        event: d.eventRecord.id,
        type: d.eventRecord.type,
        account: d.account,
        duplicate: d.duplicate,
        attempts: d.attempts,
        state: d.state,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        nextAttemptAt: d.nextAttemptAt,
      }));
  }

  /** Stops every pending and running delivery and forgets them all. */
  clear(): void {
    for (const delivery of this.deliveries) clearTimeout(delivery.timer);
    for (const request of this.inFlight) request.destroy();
    this.deliveries = [];
    this.held = [];
  }

  close(): void {
    this.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private remember(event: EventRecord, account: string, body: Buffer, target: DeliveryTarget, duplicate: boolean): Delivery {
    const delivery: Delivery = {
      id: newId('wd'),
      target,
      eventRecord: event,
      account,
      body,
      duplicate,
      attempts: 0,
      state: 'pending',
      lastStatus: null,
      lastError: null,
      nextAttemptAt: null,
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_REMEMBERED) this.deliveries.splice(0, this.deliveries.length - MAX_REMEMBERED);
    return delivery;
  }

  private start(delivery: Delivery): void {
    this.schedule(delivery, this.config.reorder ? Math.random() * REORDER_WINDOW_MS : 0);
  }

  private schedule(delivery: Delivery, delayMs: number): void {
    if (this.config.paused) {
      this.held.push(delivery);
      delivery.nextAttemptAt = null;
      return;
    }
    delivery.nextAttemptAt = Date.now() + delayMs;
    delivery.timer = setTimeout(() => void this.attempt(delivery), delayMs);
    delivery.timer.unref();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (!this.isCurrent(delivery.target)) {
      // Stripe stops retrying once an endpoint is deleted or disabled.
      this.settle(delivery, 'failed', 'endpoint deleted or disabled');
      return;
    }
    delivery.attempts += 1;
    delivery.nextAttemptAt = null;
    try {
      const status = await this.send(delivery);
      delivery.lastStatus = status;
      delivery.lastError = null;
      if (status >= 200 && status < 300) {
        this.settle(delivery, 'succeeded', null);
        if (!delivery.duplicate) delivery.eventRecord.undelivered -= 1;
        return;
      }
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastError = (error as Error).message;
    }
    if (delivery.attempts >= this.config.maxAttempts) this.settle(delivery, 'failed', delivery.lastError);
    else this.schedule(delivery, this.config.retryBaseMs * 2 ** (delivery.attempts - 1));
  }

  private settle(delivery: Delivery, state: 'succeeded' | 'failed', error: string | null): void {
    delivery.state = state;
    delivery.lastError = error;
    delivery.nextAttemptAt = null;
  }

  private send(delivery: Delivery): Promise<number> {
    const url = new URL(delivery.target.endpoint.url);
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          timeout: this.config.timeoutMs,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': delivery.body.length,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'cache-control': 'no-cache',
            accept: '*/*; q=0.5, application/xml',
            'stripe-signature': signatureHeader(delivery.body, delivery.target.endpoint.secret),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      this.inFlight.add(request);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.config.timeoutMs} ms`)));
      request.on('error', reject);
      request.on('close', () => this.inFlight.delete(request));
      request.end(delivery.body);
    });
  }
}
