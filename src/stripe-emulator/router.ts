/**
 * A small method + path router. Patterns use `:name` segments (`/v1/customers/:id`); the
 * pattern itself names the endpoint in the request log and for per-endpoint rate limits.
 */
export interface Route<H> {
  method: string;
  pattern: string;
  handler: H;
}

export interface RouteMatch<H> {
  route: Route<H>;
  params: Record<string, string>;
}

interface CompiledRoute<H> extends Route<H> {
  segments: string[];
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, pattern, handler, segments: pattern.split('/') });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> | undefined {
    const segments = path.split('/');
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const segment = actual[i]!;
    if (expected.startsWith(':')) {
      if (segment === '') return undefined;
      params[expected.slice(1)] = decodeURIComponent(segment);
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}
