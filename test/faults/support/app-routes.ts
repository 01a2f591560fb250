import type Router from '@koa/router';
import type Koa from 'koa';
import type { ApiState } from '../../../src/api/context';
import type { RequestSchema, ValidateMiddleware } from '../../../src/api/middleware/validate';

/** Who may call a route: the JSON API's key holders, a page's signed-in browser, Stripe, anyone. */
export type RouteAccess = 'api' | 'page' | 'webhook' | 'public';

export interface AppRoute {
  method: string;
  /** the pattern, `/api/v1/customers/:id` */
  path: string;
  params: string[];
  access: RouteAccess;
  /** what the route validates, when it declares it (`validate(schema)`) */
  schema?: RequestSchema;
}

const accessOf = (path: string): RouteAccess =>
  path.startsWith('/api/') ? 'api' : path.startsWith('/projects/') ? 'page' : path.startsWith('/webhooks/') ? 'webhook' : 'public';

const schemaOf = (stack: unknown[]): RequestSchema | undefined =>
  (stack.find((mw) => typeof mw === 'function' && 'requestSchema' in mw) as ValidateMiddleware | undefined)?.requestSchema;

/**
 * Every route the app serves, read from its routers (`router.routes()` is mounted with the router
 * on it), so that a route added tomorrow is in every suite that walks this list.
 */
export function appRoutes(app: Koa<ApiState>): AppRoute[] {
  const routers = app.middleware.map((mw) => (mw as { router?: Router<ApiState> }).router).filter((r): r is Router<ApiState> => !!r);
  return routers.flatMap((router) => router.stack.flatMap((layer) =>
    layer.methods.filter((m) => m !== 'HEAD').map((method) => ({
      method,
      path: String(layer.path),
      params: layer.paramNames.map((p) => String(p.name)),
      access: accessOf(String(layer.path)),
      schema: schemaOf(layer.stack),
    }))));
}

export const routeName = (r: Pick<AppRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The path with each `:param` replaced (URL-encoded) by the value given for it. */
export function fillPath(route: AppRoute, value: (param: string) => string): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(value(name)));
}
