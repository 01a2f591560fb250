import Router from '@koa/router';
import getRawBody from 'raw-body';
import { DomainError } from '../../domain/errors';
import { receiveStripeEvent, type WebhookTarget } from '../commands/receive-stripe-event';
import type { ApiState, ApiContext } from '../context';
import type { ApiDeps } from '../deps';
import { addLogContext } from '../../logging/log-context';

/**
 * Stripe's webhook endpoints: `/webhooks/stripe` for the Connect platform, and
 * `/webhooks/stripe/:connectionId` for the endpoint an API-key connection manages in its account.
 * The body is read raw (the signature covers its exact bytes); 2xx only once the event is stored.
 */
export function webhookRoutes(deps: Pick<ApiDeps, 'config' | 'connections' | 'inbox' | 'accountWaker' | 'logger' | 'metrics'>): Router<ApiState> {
  const router = new Router<ApiState>();

  async function receive(ctx: ApiContext, target: WebhookTarget) {
    deps.metrics.webhook('received');
    const rawBody = await readBody(ctx, deps.config.stripe.webhookMaxBytes);
    const signature = ctx.get('stripe-signature') || undefined;
    const received = await receiveStripeEvent(deps, target, rawBody, signature).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'invalid_signature') deps.metrics.webhook('rejected');
      throw error;
    });
    deps.metrics.webhook('verified');
    if (received.unrouted || (received.stored > 0 && received.ignored === received.stored)) deps.metrics.webhook('ignored');
    ctx.state.log.info({ stripeEventId: received.event.id, type: received.event.type, stored: received.stored, duplicates: received.duplicates, unrouted: received.unrouted }, 'stripe webhook received');
    ctx.status = 200;
    ctx.body = { received: true };
  }

  router.post('/webhooks/stripe', (ctx) => receive(ctx, { endpoint: 'platform' }));
  router.post('/webhooks/stripe/:connectionId', (ctx) => {
    addLogContext({ connectionId: ctx.params.connectionId! });
    return receive(ctx, { endpoint: 'connection', connectionId: ctx.params.connectionId! });
  });
  return router;
}

async function readBody(ctx: ApiContext, limit: number): Promise<Buffer> {
  const length = ctx.request.length;
  if (length !== undefined && length > limit) throw new DomainError('payload_too_large', `the body is over ${limit} bytes`);
  try {
    return await getRawBody(ctx.req, { length, limit });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') throw new DomainError('payload_too_large', `the body is over ${limit} bytes`);
    throw err;
  }
}
