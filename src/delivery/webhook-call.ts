import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { assertPublicHost, publicOnlyLookup } from './address-guard';

export interface SignedWebhook {
  url: string;
  body: Record<string, unknown>;
  /** the automation's signing secret */
  secret: string;
  /** unix seconds of the signature */
  timestamp: number;
  /** loopback and private addresses too (the demo and tests only) */
  allowPrivate: boolean;
  timeoutMs?: number;
}

export class WebhookHttpError extends Error {
  constructor(readonly status: number, readonly retryable: boolean) {
    super(`the endpoint answered HTTP ${status}`);
    this.name = 'WebhookHttpError';
  }
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, the scheme Stripe signs its own webhooks with. */
export const engageSignature = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * POSTs the JSON body signed with `Engage-Signature`. Resolves with the status of a 2xx answer;
 * throws `WebhookHttpError` otherwise (retryable for 408, 429 and 5xx), `PrivateAddressError` for a
 * refused address, or the network error.
 */
export async function postSignedWebhook(call: SignedWebhook): Promise<{ status: number }> {
  const url = new URL(call.url);
  if (!call.allowPrivate) assertPublicHost(url.hostname);
  const body = JSON.stringify(call.body);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'stripe-engage-automations/1',
        'engage-signature': engageSignature(call.secret, call.timestamp, body),
      },
      timeout: call.timeoutMs ?? 10_000,
      ...(call.allowPrivate ? {} : { lookup: publicOnlyLookup }),
    }, (response) => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ status });
        else reject(new WebhookHttpError(status, status === 408 || status === 429 || status >= 500));
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${call.timeoutMs ?? 10_000} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
