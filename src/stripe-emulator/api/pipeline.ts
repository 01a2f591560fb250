import type { IncomingHttpHeaders } from 'node:http';
import { OAuthError, StripeApiError, internalError, refusedByFault, unrecognizedUrl } from '../errors';
import { parseForm } from '../form';
import type { Disruption } from '../faults';
import type { EmulatorServices } from '../services';
import { authenticateKey, checkPermission, resolveAccount } from './auth';
import { jsonReply, type ApiReply } from './reply';

export interface IncomingApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
}

/** What the server should do with a `/v1` request, and what the request log records of it. */
export interface ApiOutcome {
  reply: ApiReply | null;
  /** no answer at all: the connection reset, or a stall that never ends */
  disruption: Extract<Disruption, 'reset' | 'stall'> | null;
  /** the fault injected, answered or not */
  fault: Disruption | null;
  delayMs: number;
  endpoint: string | null;
  account: string | null;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function errorReply(error: unknown): ApiReply {
  if (error instanceof StripeApiError) return { ...jsonReply(error.toBody(), error.status), headers: error.fields.headers };
  if (error instanceof OAuthError) return jsonReply(error.toBody(), error.status);
  console.error('stripe-emulator: unexpected error', error);
  return jsonReply(internalError().toBody(), 500);
}

const rateLimited = (reason: string) =>
  new StripeApiError({
    status: 429,
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    headers: { 'Stripe-Rate-Limited-Reason': reason },
  });

/**
 * A `/v1` request in Stripe's order: authenticate the key and pick the account, inject faults
 * (resets, stalls, 500s, 429s) and rate limits for that account, check the route and the key's permission, replay an
 * idempotent POST, then run the handler.
 */
export function handleApiRequest(services: EmulatorServices, request: IncomingApiRequest): ApiOutcome {
  const { state, faults } = services;
  const { method, url, headers } = request;
  const match = services.apiRouter.match(method, url.pathname);
  const outcome: ApiOutcome = {
    reply: null,
    disruption: null,
    fault: null,
    delayMs: faults.for(undefined).latencyMs,
    endpoint: match ? `${method} ${match.route.pattern}` : null,
    account: null,
  };
  try {
    const key = authenticateKey(state, headers);
    const account = resolveAccount(state, key, header(headers, 'stripe-account'));
    outcome.account = account.id;
    const config = faults.for(account.id);
    outcome.delayMs = config.latencyMs;
    const disruption = faults.disruption(account.id);
    outcome.fault = disruption;
    if (disruption === 'error') return { ...outcome, reply: errorReply(internalError()) };
    if (disruption === 'refuse') return { ...outcome, reply: errorReply(refusedByFault()) };
    if (disruption === 'rate_limit') return { ...outcome, reply: errorReply(rateLimited('global-rate')) };
    // a stall that ends is a late answer, given as the request would have been answered on arrival
    if (disruption === 'stall' && config.stallMs > 0) outcome.delayMs += config.stallMs;
    else if (disruption) return { ...outcome, disruption };
    if (!match) throw unrecognizedUrl(method, url.pathname);
    if (config.rateLimits.enabled) {
      const refused = services.rateLimiter.admit(account.id, outcome.endpoint!, key.livemode ? config.rateLimits.live : config.rateLimits.test);
      if (refused) throw rateLimited(refused);
    }
    checkPermission(key, account, match.route.handler.permission);
    const idempotencyKey = method === 'POST' ? (header(headers, 'idempotency-key') ?? null) : null;
    const reply = idempotently(services, account.id, idempotencyKey, request, () =>
      match.route.handler.handle({
        core: services.core,
        method,
        params: match.params,
        input: parseForm(method === 'POST' ? request.body : url.search.slice(1)),
        account,
        key,
        origin: { requestId: request.requestId, idempotencyKey },
      }),
    );
    return { ...outcome, reply };
  } catch (error) {
    return { ...outcome, reply: errorReply(error) };
  }
}

/** Runs a handler; a POST with an `Idempotency-Key` seen before gets the first answer instead. */
export function idempotently(
  services: EmulatorServices,
  accountId: string,
  idempotencyKey: string | null,
  request: Pick<IncomingApiRequest, 'method' | 'url' | 'body'>,
  run: () => ApiReply,
): ApiReply {
  const answer = (): ApiReply => {
    try {
      return run();
    } catch (error) {
      return errorReply(error);
    }
  };
  if (!idempotencyKey) return answer();
  const fingerprint = `${request.method} ${request.url.pathname} ${request.body}`;
  const replayed = services.idempotency.replay(accountId, idempotencyKey, fingerprint);
  if (replayed) return replayed;
  const reply = answer();
  services.idempotency.remember(accountId, idempotencyKey, fingerprint, reply);
  return reply;
}
