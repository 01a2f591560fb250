import type Stripe from 'stripe';

/** The name Stripe shows for an account, when it has one. */
export const accountDisplayName = (a: Stripe.Account): string | null =>
  a.business_profile?.name ?? a.settings?.dashboard?.display_name ?? a.email ?? null;
