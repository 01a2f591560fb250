import { Router } from '../../router';
import type { ApiRoute } from '../request';
import { accountRoutes } from './account';
import { catalogRoutes } from './catalog';
import { chargeRoutes } from './charges';
import { customerRoutes } from './customers';
import { eventRoutes } from './events';
import { subscriptionRoutes } from './subscriptions';
import { webhookEndpointRoutes } from './webhook-endpoints';

/** Every emulated `/v1` endpoint. */
export function createApiRouter(): Router<ApiRoute> {
  const router = new Router<ApiRoute>();
  const routes = [
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
