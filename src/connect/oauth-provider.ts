import type { Config } from '../config';
import { DomainError } from '../domain/errors';
import { createStripeClient } from '../stripe/client';
import { accountDisplayName } from './account-name';
import type { ConnectionGrant, ConnectionProvider } from './provider';
import { connectError } from './stripe-errors';

export interface OAuthCallbackInput {
  code: string;
}

export interface OAuthProvider extends ConnectionProvider<OAuthCallbackInput> {
  /** False without STRIPE_CLIENT_ID and STRIPE_SECRET_KEY: the pages then offer the API-key form only. */
  readonly configured: boolean;
  /** Stripe's authorize page; built here because the SDK's `authorizeUrl` forces https and drops the port. */
  authorizeUrl(params: { state: string; redirectUri: string }): string;
}

/** Stripe Connect OAuth (Standard accounts), with the platform's client id and secret key. */
export function createOAuthProvider(stripeConfig: Config['stripe']): OAuthProvider {
  const { clientId, secretKey, connectUrl, apiUrl, oauthScope } = stripeConfig;
  const configured = Boolean(clientId && secretKey);

  return {
    mode: 'oauth',
    configured,
    authorizeUrl({ state, redirectUri }) {
      if (!clientId) throw new DomainError('validation_error', 'Stripe Connect OAuth is not configured (STRIPE_CLIENT_ID)');
      const url = new URL('/oauth/authorize', `${connectUrl}/`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        scope: oauthScope,
        state,
        redirect_uri: redirectUri,
      }).toString();
      return url.toString();
    },
    async grant({ code }): Promise<ConnectionGrant> {
      if (!configured) throw new DomainError('validation_error', 'Stripe Connect OAuth is not configured (STRIPE_CLIENT_ID, STRIPE_SECRET_KEY)');
      // The SDK's host override sends /oauth/token to STRIPE_API_URL's host (the emulator in tests).
      const stripe = createStripeClient(secretKey!, { apiUrl, timeoutMs: 15_000 });
      try {
        const token = await stripe.oauth.token({ grant_type: 'authorization_code', code });
        if (!token.stripe_user_id) throw new DomainError('stripe_auth_failed', 'Stripe returned no account for this authorization');
        // as the sync will call: platform key + Stripe-Account; the name is a nicety
        const account = await stripe.accounts.retrieveCurrent({}, { stripeAccount: token.stripe_user_id }).catch(() => null);
        return {
          mode: 'oauth',
          stripeAccountId: token.stripe_user_id,
          livemode: token.livemode ?? false,
          credentials: {
            accessToken: token.access_token,
            refreshToken: token.refresh_token,
            publishableKey: token.stripe_publishable_key,
          },
          scope: token.scope ?? oauthScope,
          accountName: account ? accountDisplayName(account) : null,
        };
      } catch (err) {
        throw connectError(err, 'the authorization');
      }
    },
  };
}
