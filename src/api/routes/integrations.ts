import Router from '@koa/router';
import { liveEventsDelivery } from '../../connect/managed-webhook-endpoint';
import { connectStripe } from '../commands/connect-stripe';
import { disconnectStripe } from '../commands/disconnect-stripe';
import { requestDriftCheck, scheduleDriftCheck } from '../commands/drift-check';
import { resyncConnection } from '../commands/resync-connection';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentConnection } from '../presenters/connection';
import { presentList } from '../presenters/list';
import { connectionViews } from '../queries/connection-views';
import { retryDeadEvent, skipDeadEvent } from '../commands/dead-events';
import { projectConnection } from '../commands/project-connection';
import { presentInboxEvent } from '../presenters/inbox-event';
import { setTimelineHistory } from '../commands/set-timeline-history';
import {
  ApiKeyConnectSchema, ConnectionEventsSchema, DeadEventActionSchema, DisconnectSchema, DriftCheckSchema, ResyncSchema, UpdateConnectionSchema,
} from './integrations.schema';

/** The Stripe integration over the JSON API: status, connect with a restricted key, resync. */
export function integrationRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/integrations/stripe' });
  const auth = bearerAuth(deps.projects);

  router.get('/', auth, async (ctx) => {
    ctx.body = presentList(await connectionViews(deps, projectIdOf(ctx)));
  });

  router.post('/api-key', auth, validate(ApiKeyConnectSchema), async (ctx) => {
    const { body } = input(ctx, ApiKeyConnectSchema);
    const grant = await deps.apiKeyProvider.grant(body);
    const { connection, created, syncStarted } = await connectStripe(deps, projectIdOf(ctx), grant);
    ctx.status = created ? 201 : 200;
    const stored = await deps.connections.get(connection.id);
    ctx.body = { ...presentConnection(stored, undefined, deps.now(), undefined, liveEventsDelivery(stored, deps.config)), syncStarted };
  });

  /**
   * A connection's options: `timelineHistory` fills the customers' timelines with their past;
   * `driftCheckEveryHours` is how often the drift check runs (0: never).
   */
  router.patch('/:connectionId', auth, validate(UpdateConnectionSchema), async (ctx) => {
    const { params, body } = input(ctx, UpdateConnectionSchema);
    const projectId = projectIdOf(ctx);
    let connection = await projectConnection(deps, projectId, params.connectionId);
    if (body.timelineHistory !== undefined) connection = await setTimelineHistory(deps, projectId, connection.id, body.timelineHistory);
    if (body.driftCheckEveryHours !== undefined) connection = await scheduleDriftCheck(deps, projectId, connection.id, body.driftCheckEveryHours);
    ctx.body = presentConnection(connection, await deps.syncRuns.latestForConnection(connection.id), deps.now(), undefined, liveEventsDelivery(connection, deps.config));
  });

  /** Runs the connection's drift check now; what it repaired shows in `driftCheck.last`. */
  router.post('/:connectionId/drift-check', auth, validate(DriftCheckSchema), async (ctx) => {
    const { params } = input(ctx, DriftCheckSchema);
    await requestDriftCheck(deps, projectIdOf(ctx), params.connectionId);
    ctx.status = 202;
    ctx.body = { connectionId: params.connectionId, requested: true };
  });

  /** Disconnect: Stripe is told, the connection is disconnected; `?purge=true` removes its Stripe data too. */
  router.delete('/:connectionId', auth, validate(DisconnectSchema), async (ctx) => {
    const { params, query } = input(ctx, DisconnectSchema);
    const { connection, result } = await disconnectStripe(deps, projectIdOf(ctx), params.connectionId, { purge: query.purge });
    const run = await deps.syncRuns.latestForConnection(connection.id);
    ctx.body = { ...presentConnection(connection, run, deps.now(), undefined, liveEventsDelivery(connection, deps.config)), disconnect: result };
  });

  /** Events that kept failing and were set aside, with their last error. */
  router.get('/:connectionId/events', auth, validate(ConnectionEventsSchema), async (ctx) => {
    const { params } = input(ctx, ConnectionEventsSchema);
    const connection = await projectConnection(deps, projectIdOf(ctx), params.connectionId);
    ctx.body = presentList((await deps.inbox.listDead(connection.id)).map(presentInboxEvent));
  });

  router.post('/:connectionId/events/:stripeEventId/retry', auth, validate(DeadEventActionSchema), async (ctx) => {
    const { params } = input(ctx, DeadEventActionSchema);
    ctx.status = 202;
    ctx.body = { stripeEventId: params.stripeEventId, status: 'pending', ...(await retryDeadEvent(deps, projectIdOf(ctx), params.connectionId, params.stripeEventId)) };
  });

  router.post('/:connectionId/events/:stripeEventId/skip', auth, validate(DeadEventActionSchema), async (ctx) => {
    const { params } = input(ctx, DeadEventActionSchema);
    await skipDeadEvent(deps, projectIdOf(ctx), params.connectionId, params.stripeEventId);
    ctx.body = { stripeEventId: params.stripeEventId, status: 'ignored' };
  });

  router.post('/:connectionId/resync', auth, validate(ResyncSchema), async (ctx) => {
    const { params } = input(ctx, ResyncSchema);
    ctx.status = 202;
    ctx.body = await resyncConnection(deps, projectIdOf(ctx), params.connectionId);
  });

  return router;
}
