/**
 * A webhook storm as Stripe and an attacker would send it together: the real events of emulator
 * objects, some delivered twice, all shuffled, mixed with forged signatures, stale timestamps,
 * malformed and oversized bodies, types the product does not use and accounts nobody connected.
 */
import Stripe from 'stripe';
import { SeededRandom } from '../../../src/stripe-emulator/seed/random';
import type { StripeEventEnvelope } from '../../../src/domain/stripe-events';
import type { TestClient } from '../../support/api/http-client';

export const HOSTILE_KINDS = ['duplicate', 'badSignature', 'staleTimestamp', 'malformedJson', 'oversized', 'unknownType', 'unknownAccount'] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];
export type DeliveryKind = 'valid' | HostileKind;

/** The share of the storm's deliveries of each kind; the rest are valid events, each sent once. */
export const STORM_SHARES: Record<HostileKind, number> = {
  duplicate: 0.2,
  badSignature: 0.05,
  staleTimestamp: 0.02,
  malformedJson: 0.02,
  oversized: 0.01,
  unknownType: 0.02,
  unknownAccount: 0.02,
};

/** What the API must answer each kind with. */
export const EXPECTED_STATUS: Record<DeliveryKind, number> = {
  valid: 200, duplicate: 200, unknownType: 200, unknownAccount: 200,
  badSignature: 400, staleTimestamp: 400, malformedJson: 400,
  oversized: 413,
};

export function stormCounts(deliveries: number): Record<DeliveryKind, number> {
  const hostile = Object.fromEntries(HOSTILE_KINDS.map((k) => [k, Math.max(1, Math.round(deliveries * STORM_SHARES[k]))])) as Record<HostileKind, number>;
  const valid = deliveries - Object.values(hostile).reduce((a, b) => a + b, 0);
  return { valid, ...hostile };
}

/** An endpoint of ours and the secret Stripe signs its deliveries with. */
export interface WebhookTarget {
  path: string;
  secret: string;
  /** the connected account, which Stripe sets on every event to the Connect platform's endpoint */
  account?: string;
}

export interface TargetedEvent { target: WebhookTarget; event: StripeEventEnvelope }

export interface Delivery {
  kind: DeliveryKind;
  path: string;
  body: string;
  /** the event id the body carries, when it has one */
  eventId?: string;
  /** signed when sent, so a long storm does not age its own signatures */
  secret: string;
  ageSeconds: number;
}

const STALE_SECONDS = 3_600;
const UNUSED_TYPES = ['payout.paid', 'balance.available', 'product.created', 'invoice.finalized'];

const bodyOf = (target: WebhookTarget, event: StripeEventEnvelope) => JSON.stringify(target.account ? { ...event, account: target.account } : event);

function deliver(kind: DeliveryKind, { target, event }: TargetedEvent, opts: { secret?: string; ageSeconds?: number; body?: string } = {}): Delivery {
  return { kind, path: target.path, body: opts.body ?? bodyOf(target, event), eventId: event.id, secret: opts.secret ?? target.secret, ageSeconds: opts.ageSeconds ?? 0 };
}

const renamed = (e: TargetedEvent, id: string, changes: Partial<StripeEventEnvelope> = {}): TargetedEvent =>
  ({ target: e.target, event: { ...e.event, id, ...changes } });

/**
 * One delivery of each valid event, then the hostile ones built from them (a forged copy of a real
 * event under a new id, say), all shuffled with `seed`.
 */
export function buildStorm(input: {
  valid: TargetedEvent[];
  unknownAccount: TargetedEvent[];
  counts: Record<DeliveryKind, number>;
  maxBodyBytes: number;
  seed: number;
}): Delivery[] {
  const { valid, counts } = input;
  const random = new SeededRandom(input.seed);
  const template = (i: number) => valid[i % valid.length]!;
  const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  const deliveries: Delivery[] = [
    ...valid.map((e) => deliver('valid', e)),
    ...times(counts.duplicate, () => deliver('duplicate', random.pick(valid))),
    ...times(counts.badSignature, (i) => deliver('badSignature', renamed(template(i), `evt_forged_${i}`), { secret: `whsec_forged${random.digits(24)}` })),
    ...times(counts.staleTimestamp, (i) => deliver('staleTimestamp', renamed(template(i), `evt_stale_${i}`), { ageSeconds: STALE_SECONDS })),
    ...times(counts.malformedJson, (i) => {
      const whole = bodyOf(template(i).target, template(i).event);
      return { ...deliver('malformedJson', template(i), { body: whole.slice(0, Math.floor(whole.length / 2)) }), eventId: undefined };
    }),
    ...times(counts.oversized, (i) => {
      const e = template(i);
      const object = { ...e.event.data.object, metadata: { padding: 'x'.repeat(input.maxBodyBytes) } };
      return deliver('oversized', renamed(e, `evt_oversized_${i}`, { data: { object } }));
    }),
    ...times(counts.unknownType, (i) => deliver('unknownType', renamed(template(i), `evt_unknowntype_${i}`, {
      type: UNUSED_TYPES[i % UNUSED_TYPES.length]!, data: { object: { object: 'payout', id: `po_storm_${i}`, amount: 1_000 } },
    }))),
    ...input.unknownAccount.slice(0, counts.unknownAccount).map((e) => deliver('unknownAccount', e)),
  ];
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }
  return deliveries;
}

/** Sends the storm, `parallel` at a time, each signed as it leaves; returns the statuses, in order. */
export async function sendStorm(client: () => TestClient, deliveries: Delivery[], parallel = 25): Promise<number[]> {
  const statuses: number[] = new Array<number>(deliveries.length);
  const send = async (d: Delivery, i: number) => {
    const timestamp = Math.floor(Date.now() / 1000) - d.ageSeconds;
    const res = await client().post(d.path, {
      raw: d.body,
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: d.body, secret: d.secret, timestamp }) },
    });
    statuses[i] = res.status;
  };
  for (let at = 0; at < deliveries.length; at += parallel) {
    await Promise.all(deliveries.slice(at, at + parallel).map((d, k) => send(d, at + k)));
  }
  return statuses;
}
