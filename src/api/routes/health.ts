import Router from '@koa/router';
import type { ApiState } from '../context';
import type { ApiDeps } from '../deps';

/** `GET /healthz`: 200 when Postgres and Temporal both answer, else 503 naming the part that is down. */
export function healthRoutes(deps: Pick<ApiDeps, 'checkPostgres' | 'orchestrator' | 'logger'>): Router<ApiState> {
  const router = new Router<ApiState>();
  router.get('/healthz', async (ctx) => {
    const [postgres, temporal] = await Promise.all([deps.checkPostgres(), deps.orchestrator.health()]);
    const ok = postgres.ok && temporal.ok;
    if (!ok) ctx.state.log.warn({ postgres, temporal }, 'health check failed');
    ctx.status = ok ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    // details stay in the log: the endpoint is public
    const part = (p: { ok: boolean }) => (p.ok ? { ok: true } : { ok: false, error: 'unreachable' });
    ctx.body = { status: ok ? 'ok' : 'degraded', postgres: part(postgres), temporal: part(temporal) };
  });
  return router;
}
