import type { ApiKeyInput } from '../../../src/connect/api-key-provider';
import type { ConnectionGrant, ConnectionProvider } from '../../../src/connect/provider';
import type { ConnectionMode } from '../../../src/domain/connection';
import { DomainError } from '../../../src/domain/errors';

export const grantFor = (mode: ConnectionMode, stripeAccountId: string, livemode = false, secret = 'rk_test_fake'): ConnectionGrant => ({
  mode,
  stripeAccountId,
  livemode,
  credentials: mode === 'oauth' ? { accessToken: secret, refreshToken: 'rt_fake' } : { secretKey: secret },
  scope: mode === 'oauth' ? 'read_only' : null,
  accountName: `Account ${stripeAccountId}`,
});

/**
 * Answers like Stripe would for the inputs it knows (a grant, or the error Stripe's answer maps
 * to); anything else is refused as an invalid credential.
 */
export function fakeProvider<Input>(
  mode: ConnectionMode,
  keyOf: (input: Input) => string,
  answers: Record<string, ConnectionGrant | DomainError>,
): ConnectionProvider<Input> & { seen: string[] } {
  const seen: string[] = [];
  return {
    mode,
    seen,
    async grant(input) {
      const key = keyOf(input);
      seen.push(key);
      const answer = answers[key] ?? new DomainError('stripe_auth_failed', 'Stripe did not accept this credential.');
      if (answer instanceof DomainError) throw answer;
      return answer;
    },
  };
}

export const fakeApiKeyProvider = (answers: Record<string, ConnectionGrant | DomainError>) =>
  fakeProvider<ApiKeyInput>('api_key', (i) => i.secretKey, answers);
