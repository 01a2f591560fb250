import Router from '@koa/router';
import { simulateStripeActivity } from '../commands/simulate-stripe-activity';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { verifyCsrf } from '../middleware/csrf';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { SimulateFormSchema } from './demo.schema';
import { backToSettings } from './settings-redirect';

/**
 * Demo mode (`npm start` with the Stripe emulator): "Simulate Stripe activity" on Settings →
 * Integrations. The app mounts these routes only in demo mode.
 */
export function demoRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId/demo' });

  router.post('/stripe/:connectionId/simulate', requireSession(deps.projects), verifyCsrf(deps.keys.csrf), validate(SimulateFormSchema), async (ctx) => {
    const { params, body } = input(ctx, SimulateFormSchema);
    const done = await simulateStripeActivity(deps, projectIdOf(ctx), params.connectionId, { action: body.action, customerId: body.customer });
    backToSettings(ctx, 'simulated', {
      action: done.action, object: done.objectId, profile: done.profileId, email: done.profileId ? null : done.email,
    });
  });

  return router;
}
