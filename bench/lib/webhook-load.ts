import http from 'node:http';
import Stripe from 'stripe';

/** One account's side of the load: where its events go, how they are signed, what they are about. */
export interface LoadTarget {
  connectionId: string;
  url: string;
  secret: string;
  livemode: boolean;
  /** Stripe charge objects the emulator holds, as it renders them */
  charges: Record<string, unknown>[];
}

export interface SentEvent {
  id: string;
  type: string;
  connectionId: string;
  /** epoch ms when the API's 2xx answer arrived */
  ackAt: number;
  ackMs: number;
  status: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

let sequence = 0;

/** A signed `charge.*` event for one of the target's charges, as Stripe would send it. */
export function signedEvent(target: LoadTarget, type: 'charge.succeeded' | 'charge.failed') {
  const charge = target.charges[sequence % target.charges.length]!;
  const id = `evt_bench${Date.now().toString(36)}${(sequence++).toString(36)}`;
  const payload = JSON.stringify({
    id, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: target.livemode,
    pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object: charge },
  });
  return { id, payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: target.secret }) };
}

/** Stripe gives up on a delivery after 30 s (and retries it later); so does the generator. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** POSTs one event; resolves with the API's status (0: no answer, or none in time) and the round trip. */
export function post(url: string, payload: string, signature: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const unanswered = () => resolve({ status: 0, ms: performance.now() - started });
    const req = http.request(url, {
      method: 'POST', agent, timeout: DELIVERY_TIMEOUT_MS,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'stripe-signature': signature },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on('error', unanswered);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', unanswered);
    req.end(payload);
  });
}

async function sendOne(target: LoadTarget, type: 'charge.succeeded' | 'charge.failed', sent: SentEvent[]): Promise<void> {
  const event = signedEvent(target, type);
  const { status, ms } = await post(target.url, event.payload, event.signature);
  sent.push({ id: event.id, type, connectionId: target.connectionId, ackAt: Date.now(), ackMs: ms, status });
}

/** As fast as the API acknowledges: `concurrency` senders in a closed loop, for `seconds`. */
export async function saturate(targets: LoadTarget[], opts: { seconds: number; concurrency: number }): Promise<SentEvent[]> {
  const sent: SentEvent[] = [];
  const until = Date.now() + opts.seconds * 1000;
  let next = 0;
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (Date.now() < until) await sendOne(targets[next++ % targets.length]!, 'charge.succeeded', sent);
  }));
  return sent;
}

/** An open loop at `perSecond`, every `triggerEvery`-th event a failed charge, for `seconds`. */
export async function paced(targets: LoadTarget[], opts: { seconds: number; perSecond: number; triggerEvery: number }): Promise<SentEvent[]> {
  const sent: SentEvent[] = [];
  const inFlight: Promise<void>[] = [];
  const startedAt = Date.now();
  const total = Math.round(opts.seconds * opts.perSecond);
  for (let n = 0; n < total; n++) {
    const due = startedAt + (n * 1000) / opts.perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(sendOne(targets[n % targets.length]!, n % opts.triggerEvery === 0 ? 'charge.failed' : 'charge.succeeded', sent));
  }
  await Promise.all(inFlight);
  return sent;
}

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
