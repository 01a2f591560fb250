import { Router } from '../router';
import { accountRoutes } from './accounts';
import { appRoutes } from './apps';
import { connectionRoutes } from './connections';
import type { ControlRoute } from './router';
import { runtimeRoutes } from './runtime';
import { triggerRoutes } from './triggers';
import { webhookRoutes } from './webhooks';

/** The control API under `/_emulator`: everything tests, benchmarks and the demo steer. */
export function createControlRouter(): Router<ControlRoute> {
  const router = new Router<ControlRoute>();
  for (const route of [...runtimeRoutes, ...webhookRoutes, ...accountRoutes, ...appRoutes, ...connectionRoutes, ...triggerRoutes]) router.add(route.method, route.pattern, route);
  return router;
}
