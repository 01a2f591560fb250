import { DomainError, validationError } from '../domain/errors';
import { createStripeClient } from '../stripe/client';
import { accountDisplayName } from './account-name';
import { ACCOUNT_READ, missingPermissions } from './permissions';
import type { ConnectionGrant, ConnectionProvider } from './provider';
import { connectError, stripeStatus } from './stripe-errors';

export interface ApiKeyInput {
  secretKey: string;
}

const KEY_PATTERN = /^(rk|sk)_(live|test)_[0-9A-Za-z_]+$/;

export const isLiveKey = (key: string): boolean => /^(rk|sk)_live_/.test(key);

/**
 * Connects with an account's own key (ideally restricted): the key must reach `GET /v1/account`
 * and hold every permission the sync needs; the error names all that are missing.
 */
export function createApiKeyProvider(options: { apiUrl: string }): ConnectionProvider<ApiKeyInput> {
  return {
    mode: 'api_key',
    async grant({ secretKey }): Promise<ConnectionGrant> {
      const key = secretKey.trim();
      if (!KEY_PATTERN.test(key)) {
        throw validationError('secretKey: must be a Stripe restricted key (rk_live_… or rk_test_…) or secret key (sk_…)');
      }
      const stripe = createStripeClient(key, { apiUrl: options.apiUrl, timeoutMs: 15_000 });
      try {
        const account = await stripe.accounts.retrieveCurrent().catch((err: unknown) => {
          if (stripeStatus(err) === 403) return null;
          throw err;
        });
        const missing = [...(account ? [] : [ACCOUNT_READ]), ...(await missingPermissions(stripe))];
        if (!account || missing.length) {
          throw new DomainError(
            'stripe_permission_missing',
            `This key is missing ${missing.length === 1 ? 'a permission' : 'permissions'}: ${missing.map((m) => m.label).join(', ')}. ` +
              'Edit the restricted key in Stripe (Developers → API keys) to grant them, then try again.',
            { missing: missing.map((m) => m.permission) },
          );
        }
        return {
          mode: 'api_key',
          stripeAccountId: account.id,
          livemode: isLiveKey(key),
          credentials: { secretKey: key },
          scope: null,
          accountName: accountDisplayName(account),
        };
      } catch (err) {
        throw connectError(err, 'this key');
      }
    },
  };
}
