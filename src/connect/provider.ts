import type { ConnectionMode, StripeCredentials } from '../domain/connection';

/** What a successful connect yields: the Stripe account, its mode and the credentials to reach it. */
export interface ConnectionGrant {
  mode: ConnectionMode;
  stripeAccountId: string;
  livemode: boolean;
  credentials: StripeCredentials;
  scope: string | null;
  accountName: string | null;
}

/**
 * One way of connecting a Stripe account (Connect OAuth, a restricted key; a Stripe App install
 * later). It checks what the user handed over with Stripe and yields a grant; storing it, adding
 * segments and starting the sync are the same for every provider (`connectStripe`).
 */
export interface ConnectionProvider<Input> {
  readonly mode: ConnectionMode;
  grant(input: Input): Promise<ConnectionGrant>;
}
