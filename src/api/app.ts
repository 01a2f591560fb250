import Koa from 'koa';
import type { ApiMiddleware, ApiState } from './context';
import type { ApiDeps } from './deps';
import { parseBody } from './middleware/body-parser';
import { canonicalHost } from './middleware/canonical-host';
import { errorHandler, notFoundFallback } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { loadSession } from './middleware/session';
import { automationPageRoutes } from './routes/automation-pages';
import { automationRoutes } from './routes/automations';
import { customerPageRoutes } from './routes/customer-pages';
import { customerRoutes } from './routes/customers';
import { demoRoutes } from './routes/demo';
import { emailRoutes } from './routes/emails';
import { healthRoutes } from './routes/health';
import { projectRoutes } from './routes/project';
import { integrationRoutes } from './routes/integrations';
import { segmentRoutes } from './routes/segments';
import { sessionRoutes } from './routes/session';
import { settingsRoutes } from './routes/settings';
import { stripeAppRoutes } from './routes/stripe-app';
import { stripeOAuthRoutes } from './routes/stripe-oauth';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { webhookRoutes } from './routes/webhooks';

export { buildApiDeps, type ApiDeps } from './deps';

/**
 * Browser pages (cookie session, served at APP_URL's host only) live under these; the JSON API,
 * health and webhooks never see a cookie and answer at whatever address machines call them.
 */
const isPagePath = (path: string) => path.startsWith('/projects/') || path.startsWith('/integrations/');

const only = (when: (path: string) => boolean, mw: ApiMiddleware): ApiMiddleware => async (ctx, next) => {
  if (when(ctx.path)) await mw(ctx, next);
  else await next();
};

export function createApp(deps: ApiDeps): Koa<ApiState> {
  // Behind https the proxy is trusted, and only for what it added itself: the last X-Forwarded-For entry is the client's address.
  const app = new Koa<ApiState>({ proxy: deps.config.appUrl.startsWith('https:'), maxIpsCount: 1 });
  app.silent = true; // errors are logged by errorHandler, with the request id
  app.use(requestId(deps.logger));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(only(isPagePath, canonicalHost(deps.config.appUrl)));
  // Webhooks verify signatures over the raw body, so they must not be parsed here.
  app.use(only((p) => !p.startsWith('/webhooks/'), parseBody({ json: 256 * 1024, form: 64 * 1024 })));
  app.use(only(isPagePath, loadSession(deps.keys.session, deps.now, deps.config.appUrl.startsWith('https:'))));
  app.use(notFoundFallback());

  const routers = [
    healthRoutes(deps),
    webhookRoutes(deps),
    customerRoutes(deps),
    segmentRoutes(deps),
    integrationRoutes(deps),
    sessionRoutes(deps),
    settingsRoutes(deps),
    stripeOAuthRoutes(deps),
    stripeAppRoutes(deps),
    customerPageRoutes(deps),
    automationRoutes(deps),
    emailRoutes(deps),
    projectRoutes(deps),
    automationPageRoutes(deps),
    unsubscribeRoutes(deps),
    // outside demo mode its routes do not exist, so they answer as any unknown route does
    ...(deps.config.demoMode ? [demoRoutes(deps)] : []),
  ];
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());
  return app;
}
