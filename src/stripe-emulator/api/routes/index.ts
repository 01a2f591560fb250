import { Router } from '../../router';
import type { ApiRoute } from '../request';
import { accountRoutes } from './account';
import { catalogRoutes } from './catalog';
import { chargeRoutes } from './charges';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { searchRoutes } from './search';
import { subscriptionRoutes } from './subscriptions';
import { webhookEndpointRoutes } from './webhook-endpoints';

/** Every emulated `/v1` endpoint. */
export function createApiRouter(): Router<ApiRoute> {
  const router = new Router<ApiRoute>();
  const routes = [
    // before `/v1/<resource>/:id`, which `/search` would otherwise match
    ...searchRoutes,
    ...accountRoutes,
    ...customerRoutes,
    ...catalogRoutes,
    ...subscriptionRoutes,
    ...chargeRoutes,
    ...eventRoutes,
    ...webhookEndpointRoutes,
  ];
  for (const route of routes) router.add(route.method, route.pattern, route);
  return router;
}
