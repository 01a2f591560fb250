import type Stripe from 'stripe';
import { stripeStatus } from './stripe-errors';

/**
 * The restricted-key permissions the product needs, named as in Stripe's dashboard, each with a
 * cheap request that only succeeds when the key holds it.
 */
export interface PermissionProbe {
  permission: string;
  /** as the dashboard's restricted-key form shows it */
  label: string;
  /** resolves when the permission is held, rejects with Stripe's error otherwise */
  probe(stripe: Stripe): Promise<unknown>;
}

/** An empty create: Stripe checks the permission (403) before the parameters (400), so nothing is created. */
async function probeWebhookWrite(stripe: Stripe): Promise<void> {
  try {
    await stripe.rawRequest('POST', '/v1/webhook_endpoints', {});
  } catch (err) {
    if (stripeStatus(err) === 400) return;
    throw err;
  }
}

export const REQUIRED_PERMISSIONS: readonly PermissionProbe[] = [
  { permission: 'customer_read', label: 'Customers: Read', probe: (s) => s.customers.list({ limit: 1 }) },
  { permission: 'subscription_read', label: 'Subscriptions: Read', probe: (s) => s.subscriptions.list({ limit: 1, status: 'all' }) },
  { permission: 'charge_read', label: 'Charges: Read', probe: (s) => s.charges.list({ limit: 1 }) },
  { permission: 'event_read', label: 'Events: Read', probe: (s) => s.events.list({ limit: 1 }) },
  { permission: 'webhook_endpoint_write', label: 'Webhook Endpoints: Write', probe: probeWebhookWrite },
];

/** `GET /v1/account`: how a key tells which account it belongs to (its result is needed, so it is not a probe). */
export const ACCOUNT_READ = { permission: 'account_read', label: 'Account: Read' } as const;

/** The probes whose permission the key lacks (a 403); any other failure is thrown. */
export async function missingPermissions(stripe: Stripe, probes: readonly PermissionProbe[] = REQUIRED_PERMISSIONS): Promise<PermissionProbe[]> {
  const missing: PermissionProbe[] = [];
  for (const p of probes) {
    try {
      await p.probe(stripe);
    } catch (err) {
      if (stripeStatus(err) !== 403) throw err;
      missing.push(p);
    }
  }
  return missing;
}
