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
}

/** Thrown when the connection cannot be used as configured (a missing key): retrying cannot help. */
export class StripeCredentialsUnavailable extends Error {
  override name = 'StripeCredentialsUnavailable';
}

/**
 * Which key a connection calls Stripe with: Connect (OAuth, App) acts on the connected account
 * with the platform key and `Stripe-Account`; API-key connections use their own stored key.
 */
async function keyFor(deps: GatewayFactoryDeps, connection: StripeConnection): Promise<{ secretKey: string; stripeAccount?: string }> {
  if (connection.mode === 'api_key') {
    const { secretKey } = await deps.connections.credentials(connection.id);
    if (!secretKey) throw new StripeCredentialsUnavailable(`connection ${connection.id} has no stored API key`);
    return { secretKey };
  }
  const platformKey = deps.config.stripe.secretKey;
  if (!platformKey) throw new StripeCredentialsUnavailable('STRIPE_SECRET_KEY (the platform key) is not configured');
  return { secretKey: platformKey, stripeAccount: connection.stripeAccountId };
}

export function createStripeGatewayFactory(deps: GatewayFactoryDeps): StripeGatewayFactory {
  return {
    async forConnection(connection) {
      const { secretKey, stripeAccount } = await keyFor(deps, connection);
      const budget = connection.rateBudget ?? defaultRateBudget(connection.livemode);
      const { metrics } = deps;
      const limiter = createRateLimiter(deps.rateBudget, connection, budget, undefined, (ms) => metrics.budgetWait(connection.id, ms));
      const answered = (endpoint: string, status: number | 'network') => metrics.stripeCall(connection.id, endpoint, status);
      const httpClient = new BudgetedHttpClient({ limiter, retry: deps.retry, logger: deps.logger, answered });
      return createStripeGateway(createStripeClient(secretKey, { apiUrl: deps.config.stripe.apiUrl, httpClient, stripeAccount }));
    },
  };
}
