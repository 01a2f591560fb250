import { createHmac } from 'node:crypto';
import { newSecret } from '../ids';

/**
 * Stripe's `Stripe-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
 * keyed with the endpoint secret. `t` is always real time (receivers check it against their
 * own clock), never the emulator's virtual clock.
 */
export function signatureHeader(body: Buffer | string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Ways a delivery's signature can be made to fail a receiver's check. */
export type SignatureFault = 'wrong_secret' | 'stale_timestamp';

/** How old a stale `t=` is: twice stripe-node's default tolerance of 300 s. */
export const STALE_BY_SECONDS = 600;

/** The header of one attempt: correct, or spoiled by `fault`. */
export function deliverySignature(body: Buffer, secret: string, fault: SignatureFault | null): string {
  const now = Math.floor(Date.now() / 1000);
  if (fault === 'wrong_secret') return signatureHeader(body, newSecret('whsec_'), now);
  if (fault === 'stale_timestamp') return signatureHeader(body, secret, now - STALE_BY_SECONDS);
  return signatureHeader(body, secret, now);
}

/** One roll of the dice for a delivery's fault, with the configured shares. */
export function pickSignatureFault(rates: { badSignatureRate: number; staleTimestampRate: number }): SignatureFault | null {
  const roll = Math.random();
  if (roll < rates.badSignatureRate) return 'wrong_secret';
  if (roll < rates.badSignatureRate + rates.staleTimestampRate) return 'stale_timestamp';
  return null;
}
