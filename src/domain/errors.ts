/** The closed list of error codes; only the API's error middleware maps them to HTTP statuses. */
export type ErrorCode =
  | 'not_found'
  | 'validation_error'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'invalid_signature'
  | 'invalid_state'
  | 'stripe_permission_missing'
  | 'stripe_auth_failed'
  | 'stripe_unavailable'
  | 'rate_limited'
  | 'internal_error';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const validationError = (message: string, details?: Record<string, unknown>) =>
  new DomainError('validation_error', message, details);
