import { ApplicationFailure } from '@temporalio/activity';
import { SYNC_FAILURE } from '../domain/sync-failures';
import { classifyStripeError, describeCredentialFailure, type StripeFailure } from '../stripe/errors';
import { StripeCredentialsUnavailable } from '../stripe/gateway-factory';

/**
 * Turns a failed Stripe call into what Temporal should do: credentials and refused requests fail
 * at once (retrying cannot help), anything else is rethrown for the activity's retry policy.
 */
export function toActivityFailure(error: unknown): Error {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof StripeCredentialsUnavailable) {
    return ApplicationFailure.nonRetryable(error.message, SYNC_FAILURE.misconfigured);
  }
  const failure = classifyStripeError(error);
  if (failure.kind === 'credentials') {
    return ApplicationFailure.nonRetryable(describeCredentialFailure(failure), SYNC_FAILURE.credentialsRejected, detailsOf(failure));
  }
  if (failure.kind === 'permanent') {
    return ApplicationFailure.nonRetryable(`Stripe refused a request: ${failure.message}`, SYNC_FAILURE.requestRefused, detailsOf(failure));
  }
  return error instanceof Error ? error : new Error(failure.message);
}

const detailsOf = (f: StripeFailure) => ({ status: f.status ?? null, code: f.code ?? null });

/** Runs a Stripe-calling step, translating its failure. */
export async function callingStripe<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toActivityFailure(error);
  }
}
