import { newId } from '../ids';
import type { EventRecord } from '../records/event';
import type { WebhookEndpointRecord } from '../records/webhook-endpoint';
import type { AccountState } from '../store/account';
import { DEFAULT_DELIVERY_CONFIG, type DeliveryConfig } from './delivery-config';
import { WebhookPoster } from './post';
import { deliverySignature, pickSignatureFault, type SignatureFault } from './signature';

const SHUFFLE_WINDOW_MS = 250;
const MAX_REMEMBERED = 50_000;

/** An endpoint and the account (data) that owns it: a platform's, for Connect endpoints. */
export interface DeliveryTarget {
  endpoint: WebhookEndpointRecord;
  owner: AccountState;
}

/** One endpoint's share of an event: where it goes and the body it gets. */
export interface Addressed {
  target: DeliveryTarget;
  body: Buffer;
}

export interface DeliveryView {
  id: string;
  endpoint: string;
  url: string;
  event: string;
  type: string;
  account: string;
  /** The `api_version` stamped on the body the endpoint receives. */
  apiVersion: string | null;
  /** Which delivery of this event to this endpoint it is: 1 for the first, more for copies and duplicates. */
  copy: number;
  /** Whether it repeats an event already sent to the endpoint (copy > 1). */
  duplicate: boolean;
  signatureFault: SignatureFault | null;
  attempts: number;
  state: 'pending' | 'succeeded' | 'failed';
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
}

/** What the copies of one event to one endpoint share: whether the endpoint acknowledged it. */
interface Receipt {
  acknowledged: boolean;
}

interface Delivery {
  id: string;
  /** Queueing order, which `reorder: 'reverse'` turns around. */
  seq: number;
  target: DeliveryTarget;
  eventRecord: EventRecord;
  account: string;
  body: Buffer;
  copy: number;
  signatureFault: SignatureFault | null;
  receipt: Receipt;
  /** The clear it was queued after: a delivery forgotten by a clear is never tried again. */
  generation: number;
  attempts: number;
  state: DeliveryView['state'];
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  timer?: NodeJS.Timeout;
}

/**
 * Sends events to webhook endpoints like Stripe: signed, at least once, retried with
 * exponential backoff on a non-2xx answer or a network error, given up after `maxAttempts`.
 * On demand it sends copies, shuffles, reverses or holds deliveries and spoils signatures
 * (see DeliveryConfig), so that receivers can be tested against what Stripe allows itself.
 */
export class WebhookDeliveries {
  private config: DeliveryConfig = { ...DEFAULT_DELIVERY_CONFIG };
  private deliveries: Delivery[] = [];
  private held: Delivery[] = [];
  /** First attempts queued in this turn of the event loop, for `reorder: 'reverse'`. */
  private burst: Delivery[] = [];
  private seq = 0;
  /** Changes on every clear, so that a burst being sent in turn stops with it. */
  private generation = 0;
  private readonly poster = new WebhookPoster();

  constructor(private readonly isCurrent: (target: DeliveryTarget) => boolean) {}

  get settings(): DeliveryConfig {
    return { ...this.config };
  }

  configure(changes: Partial<DeliveryConfig>): DeliveryConfig {
    this.config = { ...this.config, ...changes };
    if (!this.config.paused && this.held.length > 0) {
      const released = this.held.splice(0);
      if (this.config.reorder === 'reverse') void this.sendInTurn(released.sort((a, b) => b.seq - a.seq));
      else for (const delivery of released) this.schedule(delivery, 0);
    }
    return this.settings;
  }

  enqueue(event: EventRecord, eventAccountId: string, addressed: Addressed[]): void {
    for (const { target, body } of addressed) {
      const receipt: Receipt = { acknowledged: false };
      const count = this.config.copies + (Math.random() < this.config.duplicate ? 1 : 0);
      for (let copy = 1; copy <= count; copy++) this.start(this.remember(event, eventAccountId, target, body, copy, receipt));
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
        apiVersion: d.target.endpoint.apiVersion ?? d.eventRecord.payload.api_version,
        copy: d.copy,
        duplicate: d.copy > 1,
        signatureFault: d.signatureFault,
        attempts: d.attempts,
        state: d.state,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        nextAttemptAt: d.nextAttemptAt,
      }));
  }

  /** Stops every pending and running delivery and forgets them all. */
  clear(): void {
    this.generation += 1;
    for (const delivery of this.deliveries) clearTimeout(delivery.timer);
    this.poster.abortAll();
    this.deliveries = [];
    this.held = [];
    this.burst = [];
  }

  close(): void {
    this.clear();
    this.poster.close();
  }

  private remember(event: EventRecord, account: string, target: DeliveryTarget, body: Buffer, copy: number, receipt: Receipt): Delivery {
    const delivery: Delivery = {
      id: newId('wd'),
      seq: ++this.seq,
      target,
      eventRecord: event,
      account,
      body,
      copy,
      signatureFault: pickSignatureFault(this.config),
      receipt,
      generation: this.generation,
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
    if (this.config.paused) this.hold(delivery);
    else if (this.config.reorder === 'reverse') this.joinBurst(delivery);
    else this.schedule(delivery, this.config.reorder ? Math.random() * SHUFFLE_WINDOW_MS : 0);
  }

  /**
   * A request's events are emitted synchronously, so what is queued before the event loop
   * turns is one request's burst: it goes out newest first.
   */
  private joinBurst(delivery: Delivery): void {
    this.burst.push(delivery);
    if (this.burst.length > 1) return;
    setImmediate(() => void this.sendInTurn(this.burst.splice(0).reverse()));
  }

  /** First attempts one after another, each once the previous one was answered, so the order holds. */
  private async sendInTurn(deliveries: Delivery[]): Promise<void> {
    const generation = this.generation;
    for (const [i, delivery] of deliveries.entries()) {
      if (generation !== this.generation) return;
      if (this.config.paused) {
        deliveries.slice(i).forEach((d) => this.hold(d));
        return;
      }
      await this.attempt(delivery);
    }
  }

  private hold(delivery: Delivery): void {
    this.held.push(delivery);
    delivery.nextAttemptAt = null;
  }

  private schedule(delivery: Delivery, delayMs: number): void {
    if (delivery.generation !== this.generation) return;
    if (this.config.paused) {
      this.hold(delivery);
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
      const status = await this.poster.post({
        url: delivery.target.endpoint.url,
        body: delivery.body,
        signature: deliverySignature(delivery.body, delivery.target.endpoint.secret, delivery.signatureFault),
        timeoutMs: this.config.timeoutMs,
      });
      delivery.lastStatus = status;
      delivery.lastError = null;
      if (status >= 200 && status < 300) {
        this.settle(delivery, 'succeeded', null);
        this.acknowledge(delivery);
        return;
      }
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastError = (error as Error).message;
    }
    if (delivery.attempts >= this.config.maxAttempts) this.settle(delivery, 'failed', delivery.lastError);
    else this.schedule(delivery, this.config.retryBaseMs * 2 ** (delivery.attempts - 1));
  }

  /** The endpoint has the event once any copy got a 2xx (what `delivery_success` reports). */
  private acknowledge(delivery: Delivery): void {
    if (delivery.receipt.acknowledged) return;
    delivery.receipt.acknowledged = true;
    delivery.eventRecord.undelivered -= 1;
  }

  private settle(delivery: Delivery, state: 'succeeded' | 'failed', error: string | null): void {
    delivery.state = state;
    delivery.lastError = error;
    delivery.nextAttemptAt = null;
  }
}
