import Router from '@koa/router';
import { repairedCount } from '../../domain/drift';
import { rulePredicate } from '../../domain/segments';
import { resyncCustomer } from '../commands/resync-customer';
import { projectIdOf, projectOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { presentCharge, presentSubscription } from '../presenters/billing';
import { presentCustomer, presentCustomerDetail } from '../presenters/customer';
import { presentProfileEvent } from '../presenters/profile-event';
import { presentSegment } from '../presenters/segment';
import { customerPage } from '../views/customer-page';
import { customersPage } from '../views/customers-page';
import { paths } from '../views/paths';
import { CustomerPageSchema, CustomerResyncFormSchema, CustomersPageSchema } from './customer-pages.schema';

const TIMELINE_PAGE = 25;
const CHARGES_SHOWN = 20;

/** The customers list (by segment or email) and a customer's page: timeline, subscriptions, charges, traits, and its Stripe resync. */
export function customerPageRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId/customers' });
  const signedIn = requireSession(deps.projects);
  const csrf = verifyCsrf(deps.keys.csrf);

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
      resynced: query.notice === 'resynced' ? { repaired: query.repaired ?? 0 } : undefined,
    });
  });

  /** "Resync this customer", then back to its page (the profile it belongs to now), saying what was repaired. */
  router.post('/:id/resync', signedIn, csrf, validate(CustomerResyncFormSchema), async (ctx) => {
    const { params } = input(ctx, CustomerResyncFormSchema);
    const projectId = projectIdOf(ctx);
    const { customerId, stripeCustomers } = await resyncCustomer(deps, projectId, params.id);
    const repaired = stripeCustomers.reduce((sum, c) => sum + (c.drift ? Object.values(c.drift).reduce((n, d) => n + repairedCount(d), 0) : 0), 0);
    ctx.status = 303;
    ctx.redirect(`${paths.customer(projectId, customerId)}?notice=resynced&repaired=${repaired}`);
  });

  return router;
}
