/**
 * The single retry layer for Stripe requests (the SDK's own retries are off): which outcomes are
 * worth another attempt, and how long to back off before it.
 */
export interface RetryPolicy {
  /** attempts in all, the first included */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Node socket errors that mean the request may not have reached Stripe or its answer was lost. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH',
  'ENETUNREACH', 'UND_ERR_SOCKET',
]);

/**
 * 429 (rate limited or lock timeout) and 5xx are transient, and so is anything Stripe flags with
 * `Stripe-Should-Retry: true`; `false` means never. Other 4xx are answers, not accidents.
 */
export function isRetryableStatus(status: number, headers: Record<string, unknown>): boolean {
  const header = headers['stripe-should-retry'];
  const flag = typeof header === 'string' ? header.toLowerCase() : undefined;
  if (flag === 'false') return false;
  if (flag === 'true') return true;
  return status === 429 || status >= 500;
}

export function isRetryableNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // No code: a timeout, a truncated or unparsable body; all worth one more try.
  return typeof code !== 'string' || TRANSIENT_NETWORK_CODES.has(code) || code.startsWith('ERR_STREAM');
}

/** Exponential backoff with jitter: between half and all of base·2^(attempt−1), capped. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
