import Router from '@koa/router';
import { rulePredicate } from '../../domain/segments';
import { projectIdOf, projectOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken } from '../middleware/csrf';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { presentCharge, presentSubscription } from '../presenters/billing';
import { presentCustomer, presentCustomerDetail } from '../presenters/customer';
import { presentProfileEvent } from '../presenters/profile-event';
import { presentSegment } from '../presenters/segment';
import { customerPage } from '../views/customer-page';
import { customersPage } from '../views/customers-page';
import { CustomerPageSchema, CustomersPageSchema } from './customer-pages.schema';

const TIMELINE_PAGE = 25;
const CHARGES_SHOWN = 20;

/** The customers list (by segment or email) and a customer's page: timeline, subscriptions, charges, traits. */
export function customerPageRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId/customers' });
  const signedIn = requireSession(deps.projects);

  router.get('/', signedIn, validate(CustomersPageSchema), async (ctx) => {
    const { query } = input(ctx, CustomersPageSchema);
    const projectId = projectIdOf(ctx);
    const segment = query.segment ? await deps.segments.get(projectId, query.segment) : undefined;
    const page = await deps.profiles.list(projectId, {
      limit: query.limit,
      cursor: query.cursor,
      email: query.email || undefined,
      segment: segment ? rulePredicate(segment.rule, deps.now()) : undefined,
    });
    ctx.type = 'html';
    ctx.body = customersPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      project: projectOf(ctx),
      customers: page.data.map(presentCustomer),
      nextCursor: page.nextCursor,
      segments: (await deps.segments.list(projectId)).map(presentSegment),
      segment: query.segment,
      email: query.email,
    });
  });

  router.get('/:id', signedIn, validate(CustomerPageSchema), async (ctx) => {
    const { params, query } = input(ctx, CustomerPageSchema);
    const projectId = projectIdOf(ctx);
    const customer = await deps.profiles.get(projectId, params.id);
    const owner = { projectId, profileId: customer.id };
    const [timeline, subscriptions, charges, unsubscription] = await Promise.all([
      deps.profileEvents.listForProfile(projectId, customer.id, { limit: TIMELINE_PAGE, cursor: query.cursor }),
      deps.billing.subscriptionsOf(owner),
      deps.billing.chargesOf(owner, CHARGES_SHOWN),
      deps.unsubscriptions.find(projectId, customer.id),
    ]);
    ctx.type = 'html';
    ctx.body = customerPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      project: projectOf(ctx),
      customer: presentCustomerDetail(customer, unsubscription),
      timeline: { data: timeline.data.map(presentProfileEvent), nextCursor: timeline.nextCursor, cursor: query.cursor },
      subscriptions: subscriptions.map(presentSubscription),
      charges: { data: charges.data.map(presentCharge), total: charges.total },
    });
  });

  return router;
}
