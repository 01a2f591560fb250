import Router from '@koa/router';
import { resyncCustomer } from '../commands/resync-customer';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentCustomer, presentCustomerDetail } from '../presenters/customer';
import { presentList } from '../presenters/list';
import { presentProfileEvent } from '../presenters/profile-event';
import {
  CreateCustomerSchema, GetCustomerSchema, ListCustomerEventsSchema, ListCustomersSchema, UpdateCustomerSchema,
} from './customers.schema';

/** The product's own customer API: identify (create or update by email), reads, and a customer's Stripe resync. */
export function customerRoutes(
  deps: Pick<ApiDeps, 'projects' | 'profiles' | 'profileEvents' | 'unsubscriptions' | 'linkedCustomers' | 'connections' | 'orchestrator' | 'logger'>,
): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/customers' });
  const auth = bearerAuth(deps.projects);

  router.post('/', auth, validate(CreateCustomerSchema), async (ctx) => {
    const { body } = input(ctx, CreateCustomerSchema);
    const { profile, created } = await deps.profiles.identify(projectIdOf(ctx), body);
    ctx.status = created ? 201 : 200;
    ctx.body = presentCustomer(profile);
  });

  router.patch('/:id', auth, validate(UpdateCustomerSchema), async (ctx) => {
    const { params, body } = input(ctx, UpdateCustomerSchema);
    ctx.body = presentCustomer(await deps.profiles.update(projectIdOf(ctx), params.id, body));
  });

  router.get('/', auth, validate(ListCustomersSchema), async (ctx) => {
    const { query } = input(ctx, ListCustomersSchema);
    const page = await deps.profiles.list(projectIdOf(ctx), query);
    ctx.body = presentList(page.data.map(presentCustomer), page.nextCursor);
  });

  router.get('/:id', auth, validate(GetCustomerSchema), async (ctx) => {
    const { params } = input(ctx, GetCustomerSchema);
    const profile = await deps.profiles.get(projectIdOf(ctx), params.id);
    ctx.body = presentCustomerDetail(profile, await deps.unsubscriptions.find(profile.projectId, profile.id));
  });

  /** "Resync this customer": its Stripe customers refetched with their subscriptions and charges; nothing else changes. */
  router.post('/:id/resync', auth, validate(GetCustomerSchema), async (ctx) => {
    const { params } = input(ctx, GetCustomerSchema);
    ctx.body = await resyncCustomer(deps, projectIdOf(ctx), params.id);
  });

  /** The customer's timeline, newest first. */
  router.get('/:id/events', auth, validate(ListCustomerEventsSchema), async (ctx) => {
    const { params, query } = input(ctx, ListCustomerEventsSchema);
    const projectId = projectIdOf(ctx);
    await deps.profiles.get(projectId, params.id); // another project's customer does not exist here
    const page = await deps.profileEvents.listForProfile(projectId, params.id, query);
    ctx.body = presentList(page.data.map(presentProfileEvent), page.nextCursor);
  });

  return router;
}
