/**
 * How deliveries misbehave on demand, so that receivers' idempotency, ordering and signature
 * checks can be tested. Changed through `POST /_emulator/webhooks/config`.
 */
export interface DeliveryConfig {
  /** Deliveries of every event to every endpoint: each copy is a delivery of its own, retried on its own. */
  copies: number;
  /** Probability (0..1) that an event is sent once more to the same endpoint (on top of `copies`). */
  duplicate: number;
  /**
   * `true`: each first attempt waits a random 0–250 ms, so a burst arrives shuffled.
   * `'reverse'`: a burst (what one request queues, or what queued while paused) is sent newest
   * first, one delivery after another.
   */
  reorder: boolean | 'reverse';
  /** Hold deliveries (they queue) until unpaused. */
  paused: boolean;
  /** Delay before the first retry; each further retry waits twice as long. */
  retryBaseMs: number;
  /** Attempts in all (the first one included) before a delivery is given up as failed. */
  maxAttempts: number;
  /** How long a receiver may take to answer before the attempt counts as failed. */
  timeoutMs: number;
  /** Share (0..1) of deliveries signed with a secret that is not the endpoint's. */
  badSignatureRate: number;
  /** Share (0..1) of deliveries signed correctly but with a `t=` outside the default 300 s tolerance. */
  staleTimestampRate: number;
}

export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = {
  copies: 1,
  duplicate: 0,
  reorder: false,
  paused: false,
  retryBaseMs: 5_000,
  maxAttempts: 4,
  timeoutMs: 10_000,
  badSignatureRate: 0,
  staleTimestampRate: 0,
};
