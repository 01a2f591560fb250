import Stripe from 'stripe';
import type { Logger } from '../logging/logger';
import { endpointOf } from './endpoint';
import type { RateLimiter } from './rate-limiter';
import { sleep } from './rate-limiter';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableNetworkError, isRetryableStatus, type RetryPolicy } from './retry-policy';

type Headers = Record<string, string | string[] | undefined>;
/** the SDK's request header type (not exported by name) */
type RequestHeaders = Parameters<Stripe.HttpClient['makeRequest']>[4];

/** A response whose body was read in full, so a truncated body is retried here and not surfaced. */
class BufferedResponse extends Stripe.HttpClientResponse {
  /**
   * What the SDK exposes as `lastResponse` and writes the status, request id and API version onto:
   * an object of its own, so they never land in the body (and in the objects the mirror stores).
   */
  private readonly raw = {};

  constructor(status: number, headers: Headers, private readonly body: unknown) {
    super(status, headers as Record<string, string>);
  }
  override getRawResponse(): unknown {
    return this.raw;
  }
  override toStream(): never {
    throw new Error('streaming responses are not supported by the budgeted Stripe client');
  }
  override toJSON(): Promise<unknown> {
    return Promise.resolve(this.body);
  }
}

export interface BudgetedHttpClientOptions {
  limiter: RateLimiter;
  retry?: RetryPolicy;
  inner?: Stripe.HttpClient;
  logger?: Logger;
  /** hears every attempt's answer (its status, or `network` when there was none), for the metrics */
  answered?: (endpoint: string, status: number | 'network') => void;
  /** for tests */
  wait?: (ms: number) => Promise<void>;
}

/**
 * The SDK's transport, wrapped: every attempt (retries included) first takes its turn in the shared
 * rate budget; 429, 5xx and network failures back off with jitter and try again, up to the policy's
 * attempts. What is left (a final failure, or any other answer) goes back to the SDK, which turns
 * it into its typed error.
 */
export class BudgetedHttpClient extends Stripe.HttpClient {
  private readonly inner: Stripe.HttpClient;
  private readonly retry: RetryPolicy;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly options: BudgetedHttpClientOptions) {
    super();
    this.inner = options.inner ?? Stripe.createNodeHttpClient();
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.wait = options.wait ?? sleep;
  }

  override getClientName(): string {
    return `budgeted-${this.inner.getClientName()}`;
  }

  override async makeRequest(
    host: string, port: string, path: string, method: string, headers: RequestHeaders, requestData: string,
    protocol: string, timeout: number,
  ): Promise<Stripe.HttpClientResponse> {
    const endpoint = endpointOf(method, path);
    for (let attempt = 1; ; attempt++) {
      await this.options.limiter.acquire(endpoint);
      const last = attempt >= this.retry.maxAttempts;
      let reason: string;
      try {
        const response = await this.inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
        const buffered = new BufferedResponse(response.getStatusCode(), response.getHeaders() as Headers, await response.toJSON());
        this.options.answered?.(endpoint, buffered.getStatusCode());
        if (last || !isRetryableStatus(buffered.getStatusCode(), buffered.getHeaders())) return buffered;
        reason = `status ${buffered.getStatusCode()}`;
      } catch (error) {
        this.options.answered?.(endpoint, 'network');
        if (last || !isRetryableNetworkError(error)) throw error;
        reason = (error as Error).message;
      }
      const delay = backoffDelayMs(this.retry, attempt);
      this.options.logger?.debug({ endpoint, attempt, delay, reason }, 'stripe request will be retried');
      await this.wait(delay);
    }
  }
}
