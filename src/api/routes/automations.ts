import Router from '@koa/router';
import { configureAutomation, findAutomationSpec, removeAutomation, rotateWebhookSecret, type ConfiguredAutomation } from '../commands/configure-automation';
import { projectIdOf, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { bearerAuth } from '../middleware/bearer-auth';
import { input, validate } from '../middleware/validate';
import { presentAutomation } from '../presenters/automation';
import { presentList } from '../presenters/list';
import { automationRunDetail, automationRunPage } from '../queries/automation-runs';
import { automationViews } from '../queries/automation-views';
import {
  AutomationRunSchema, AutomationSchema, CreateAutomationSchema, ListAutomationRunsSchema, UpdateAutomationSchema,
} from './automations.schema';

const present = ({ spec, setting, webhookSecret }: ConfiguredAutomation) => presentAutomation(spec, setting, webhookSecret);

/**
 * Automations over the JSON API, keyed by the automation's id: the project's switch and params
 * for each, and its runs with their steps and emails.
 */
export function automationRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/api/v1/automations' });
  const auth = bearerAuth(deps.projects);

  router.get('/', auth, async (ctx) => {
    ctx.body = presentList(await automationViews(deps, projectIdOf(ctx)));
  });

  router.get('/:id', auth, validate(AutomationSchema), async (ctx) => {
    const { params } = input(ctx, AutomationSchema);
    const spec = findAutomationSpec(deps, params.id);
    ctx.body = presentAutomation(spec, await deps.automationSettings.find(projectIdOf(ctx), spec.id));
  });

  /** Configures an automation (switched on unless `enabled: false`); 201 the first time. */
  router.post('/', auth, validate(CreateAutomationSchema), async (ctx) => {
    const { body: { id, ...change } } = input(ctx, CreateAutomationSchema);
    const done = await configureAutomation(deps, projectIdOf(ctx), id, change, true);
    ctx.status = done.created ? 201 : 200;
    ctx.body = present(done);
  });

  router.patch('/:id', auth, validate(UpdateAutomationSchema), async (ctx) => {
    const { params, body } = input(ctx, UpdateAutomationSchema);
    ctx.body = present(await configureAutomation(deps, projectIdOf(ctx), params.id, body));
  });

  /** Switches the automation off and forgets its params and webhook secret. */
  router.delete('/:id', auth, validate(AutomationSchema), async (ctx) => {
    const { params } = input(ctx, AutomationSchema);
    ctx.body = present(await removeAutomation(deps, projectIdOf(ctx), params.id));
  });

  /** A new signing secret for the automation's webhook calls, shown in this response only. */
  router.post('/:id/webhook-secret', auth, validate(AutomationSchema), async (ctx) => {
    const { params } = input(ctx, AutomationSchema);
    ctx.body = present(await rotateWebhookSecret(deps, projectIdOf(ctx), params.id));
  });

  router.get('/:id/runs', auth, validate(ListAutomationRunsSchema), async (ctx) => {
    const { params, query } = input(ctx, ListAutomationRunsSchema);
    const spec = findAutomationSpec(deps, params.id);
    const page = await automationRunPage(deps, projectIdOf(ctx), { ...query, automationId: spec.id });
    ctx.body = presentList(page.data, page.nextCursor);
  });

  router.get('/:id/runs/:runId', auth, validate(AutomationRunSchema), async (ctx) => {
    const { params } = input(ctx, AutomationRunSchema);
    ctx.body = await automationRunDetail(deps, projectIdOf(ctx), params.runId, findAutomationSpec(deps, params.id).id);
  });

  return router;
}
