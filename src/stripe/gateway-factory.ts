import type { Config } from '../config';
import type { ConnectionStore } from '../db/connection-store';
import type { RateBudgetStore } from '../db/rate-budget-store';
import { defaultRateBudget, type StripeConnection } from '../domain/connection';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { BudgetedHttpClient } from './budgeted-http-client';
import { createStripeClient } from './client';
import { createStripeGateway, type StripeGateway } from './gateway';
import { createRateLimiter } from './rate-limiter';
import { createRenewingGateway } from './renewing-gateway';
import type { RetryPolicy } from './retry-policy';

export interface StripeGatewayFactory {
  forConnection(connection: StripeConnection): Promise<StripeGateway>;
}

export interface GatewayFactoryDeps {
  config: Config;
  connections: Pick<ConnectionStore, 'credentials'>;
  rateBudget: RateBudgetStore;
  logger: Logger;
  metrics: Pick<Metrics, 'stripeCall' | 'budgetWait'>;
  retry?: RetryPolicy;
  /**
   * Asks for a fresh Stripe App access token after Stripe refused `rejected` (the worker asks the
   * connection's account workflow, which alone refreshes); resolves once it is stored. Without it
   * an expired token fails the call.
   */
  renewAccessToken?: (connectionId: string, rejected: string) => Promise<void>;
}

/** Thrown when the connection cannot be used as configured (a missing key): retrying cannot help. */
export class StripeCredentialsUnavailable extends Error {
  override name = 'StripeCredentialsUnavailable';
}

/**
 * Which key a connection calls Stripe with: Connect OAuth acts on the connected account with the
 * platform key and `Stripe-Account`; API-key connections use their own stored key; a Stripe App's
 * access token acts on its account by itself.
 */
async function storedKey(deps: GatewayFactoryDeps, connection: StripeConnection): Promise<string> {
  const { secretKey, accessToken } = await deps.connections.credentials(connection.id);
  const key = connection.mode === 'app' ? accessToken : secretKey;
  if (!key) throw new StripeCredentialsUnavailable(`connection ${connection.id} has no stored ${connection.mode === 'app' ? 'access token' : 'API key'}`);
  return key;
}

function platformKey(deps: GatewayFactoryDeps): string {
  const key = deps.config.stripe.secretKey;
  if (!key) throw new StripeCredentialsUnavailable('STRIPE_SECRET_KEY (the platform key) is not configured');
  return key;
}

export function createStripeGatewayFactory(deps: GatewayFactoryDeps): StripeGatewayFactory {
  return {
    async forConnection(connection) {
      const budget = connection.rateBudget ?? defaultRateBudget(connection.livemode);
      const { metrics } = deps;
      const limiter = createRateLimiter(deps.rateBudget, connection, budget, undefined, (ms) => metrics.budgetWait(connection.id, ms));
      const answered = (endpoint: string, status: number | 'network') => metrics.stripeCall(connection.id, endpoint, status);
      const httpClient = new BudgetedHttpClient({ limiter, retry: deps.retry, logger: deps.logger, answered });
      const build = (secretKey: string, stripeAccount?: string) =>
        createStripeGateway(createStripeClient(secretKey, { apiUrl: deps.config.stripe.apiUrl, httpClient, stripeAccount }));
      if (connection.mode === 'oauth') return build(platformKey(deps), connection.stripeAccountId);
      if (connection.mode === 'api_key') return build(await storedKey(deps, connection));
      const current = () => storedKey(deps, connection);
      return createRenewingGateway({
        current,
        async renewed(rejected) {
          await deps.renewAccessToken?.(connection.id, rejected);
          return current();
        },
      }, (token) => build(token));
    },
  };
}
