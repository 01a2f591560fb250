import Stripe from 'stripe';
import { DomainError, validationError } from '../domain/errors';
import type { StripeEventEnvelope } from '../domain/stripe-events';

/** Stripe's default: a signature older than this is refused (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Checks `Stripe-Signature` over the raw body against each of the endpoint's secrets (several while
 * a secret is rolled; any matching `v1` passes), then reads the event. Throws `invalid_signature`
 * for a missing, forged or stale signature and `validation_error` for a signed body that is not
 * an event.
 */
export function verifyStripeEvent(rawBody: Buffer, header: string | undefined, secrets: readonly string[], nowMs = Date.now()): StripeEventEnvelope {
  if (!header) throw new DomainError('invalid_signature', 'Stripe-Signature header is missing');
  if (secrets.length === 0) throw new DomainError('invalid_signature', 'no webhook signing secret is configured for this endpoint');
  for (const secret of secrets) {
    let event: unknown;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowMs);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      throw validationError('body: is not valid JSON'); // signed, but not parseable
    }
    if (!isEnvelope(event)) throw validationError('body: is not a Stripe event (id, type, created, livemode, data.object)');
    return event;
  }
  throw new DomainError('invalid_signature', 'Stripe-Signature does not match this endpoint\'s secret, or is older than 5 minutes');
}

function isEnvelope(e: unknown): e is StripeEventEnvelope {
  const o = e as Partial<StripeEventEnvelope> | null;
  return !!o && typeof o === 'object' && typeof o.id === 'string' && typeof o.type === 'string' && typeof o.created === 'number'
    && typeof o.livemode === 'boolean' && !!o.data && typeof o.data.object === 'object' && o.data.object !== null;
}
