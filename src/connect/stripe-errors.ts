import Stripe from 'stripe';
import { DomainError } from '../domain/errors';

/** The status of a Stripe API error, or undefined for anything that is not one. */
export const stripeStatus = (err: unknown): number | undefined =>
  err instanceof Stripe.errors.StripeError ? err.statusCode : undefined;

/**
 * Translates what Stripe answered while connecting into our vocabulary. `what` says which
 * credential was being checked ("this key", "the authorization"). Never echoes a credential.
 */
export function connectError(err: unknown, what: string): Error {
  if (err instanceof DomainError) return err;
  if (err instanceof Stripe.errors.StripeOAuthError) {
    return new DomainError('stripe_auth_failed', `Stripe refused ${what} (${err.type.replace(/^Stripe/, '')}: ${err.message}). Please connect again.`);
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError) {
    return new DomainError('stripe_auth_failed', `Stripe did not accept ${what}: it is invalid, expired or revoked.`);
  }
  if (err instanceof Stripe.errors.StripePermissionError) {
    return new DomainError('stripe_permission_missing', `Stripe refused ${what}: ${err.message}`);
  }
  if (err instanceof Stripe.errors.StripeError) {
    return new DomainError('stripe_unavailable', `Stripe could not be reached or failed (${err.type}); please try again.`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
