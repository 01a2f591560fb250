import type { Config } from '../config';
import { DomainError } from '../domain/errors';
import { createAppOAuthClient } from '../stripe/app-oauth';
import { createStripeClient } from '../stripe/client';
import { accountDisplayName } from './account-name';
import type { OAuthCallbackInput } from './oauth-provider';
import type { ConnectionGrant, ConnectionProvider } from './provider';
import { connectError } from './stripe-errors';

export interface AppProvider extends ConnectionProvider<OAuthCallbackInput> {
  /** False without STRIPE_APP_CLIENT_ID and STRIPE_SECRET_KEY: the pages then offer no App install. */
  readonly configured: boolean;
  /** The App's install link, with our callback and the state of an install started on our page. */
  installUrl(params: { state: string; redirectUri: string }): string;
}

/**
 * The Stripe App install (OAuth 2.0): the code of an install is exchanged at `POST /v1/oauth/token`
 * with the App owner's secret key for an access token of the installed account (it expires; the
 * account workflow refreshes it) and a rotating refresh token.
 */
export function createAppProvider(stripeConfig: Config['stripe']): AppProvider {
  const { appClientId, appInstallUrl, secretKey, apiUrl, appTokenLifetimeSeconds } = stripeConfig;
  const configured = Boolean(appClientId && secretKey);

  return {
    mode: 'app',
    configured,
    installUrl({ state, redirectUri }) {
      if (!appClientId) throw new DomainError('validation_error', 'The Stripe App is not configured (STRIPE_APP_CLIENT_ID)');
      const url = new URL(appInstallUrl);
      url.searchParams.set('client_id', appClientId);
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('state', state);
      return url.toString();
    },
    async grant({ code }): Promise<ConnectionGrant> {
      if (!configured) throw new DomainError('validation_error', 'The Stripe App is not configured (STRIPE_APP_CLIENT_ID, STRIPE_SECRET_KEY)');
      try {
        const token = await createAppOAuthClient({ apiUrl, secretKey: secretKey!, tokenLifetimeSeconds: appTokenLifetimeSeconds }).exchange(code);
        // the token itself acts on the installed account; the name is a nicety
        const account = await createStripeClient(token.accessToken, { apiUrl, timeoutMs: 15_000 }).accounts.retrieveCurrent().catch(() => null);
        return {
          mode: 'app',
          stripeAccountId: token.stripeAccountId,
          livemode: token.livemode,
          credentials: {
            accessToken: token.accessToken,
            refreshToken: token.refreshToken,
            publishableKey: token.publishableKey,
            accessTokenExpiresAt: token.expiresAt.toISOString(),
          },
          scope: token.scope,
          accountName: account ? accountDisplayName(account) : null,
        };
      } catch (err) {
        throw connectError(err, 'the App install');
      }
    },
  };
}
