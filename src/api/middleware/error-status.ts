import type { ErrorCode } from '../../domain/errors';

/** The one place error codes become HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation_error: 400,
  invalid_signature: 400,
  invalid_state: 400,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stripe_permission_missing: 422,
  stripe_auth_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  stripe_unavailable: 502,
};

/** For errors raised by Koa and its middleware (body parser, router) with an exposed status. */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404:
    case 405: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 429: return 'rate_limited';
    default: return status < 500 ? 'validation_error' : 'internal_error';
  }
}
