import { jsonReply, type ApiReply } from '../api/reply';
import { ControlError, StripeApiError } from '../errors';
import type { EmulatorServices } from '../services';
import { createControlRouter } from './index';
import type { JsonBody } from './input';

const router = createControlRouter();

const failure = (status: number, message: string): ApiReply => jsonReply({ error: { message } }, status);

function parseBody(text: string): JsonBody {
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ControlError(400, 'The body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object.');
  return body as JsonBody;
}

/** Answers a control-API request: JSON in, JSON out, errors as `{"error": {"message"}}`. */
export function controlReply(services: EmulatorServices, request: { method: string; url: URL; body: string }): ApiReply {
  const match = router.match(request.method, request.url.pathname);
  if (!match) return failure(404, `No control route ${request.method} ${request.url.pathname}. See docs/emulator.md, "Control API".`);
  try {
    const result = match.route.handler.handle({ services, params: match.params, query: request.url.searchParams, body: parseBody(request.body) });
    return jsonReply(result);
  } catch (error) {
    if (error instanceof ControlError) return failure(error.status, error.message);
    // Operations refuse bad requests in Stripe's words (e.g. refunding a refunded charge).
    if (error instanceof StripeApiError) return failure(error.status, error.message);
    console.error('stripe-emulator: control route failed', error);
    return failure(500, (error as Error).message);
  }
}
