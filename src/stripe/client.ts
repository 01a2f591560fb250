import Stripe from 'stripe';

/** The one place the Stripe API version is pinned; it is the version stripe@23.1.0's types describe. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export interface StripeClientOptions {
  /** STRIPE_API_URL: https://api.stripe.com, or the local emulator (http://127.0.0.1:12111). */
  apiUrl: string;
  /** A custom transport (the rate-budgeted, retrying one); the SDK's own retries stay off either way. */
  httpClient?: Stripe.HttpClient;
  /** Connect: act on this connected account (sends Stripe-Account on every request, every page). */
  stripeAccount?: string;
  timeoutMs?: number;
}

/** host/port/protocol of STRIPE_API_URL, as the SDK wants them. */
export function stripeHostOptions(apiUrl: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const u = new URL(apiUrl);
  const protocol = u.protocol === 'http:' ? 'http' : 'https';
  return { host: u.hostname, port: u.port ? Number(u.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function createStripeClient(secretKey: string, options: StripeClientOptions): Stripe {
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    ...stripeHostOptions(options.apiUrl),
    // A single retry layer: ours (it charges the rate budget for every attempt).
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
    telemetry: false,
    stripeAccount: options.stripeAccount,
    httpClient: options.httpClient,
    appInfo: { name: 'stripe-engage', version: '0.1.0' },
  });
}
