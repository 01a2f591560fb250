import Router from '@koa/router';
import { DomainError } from '../../domain/errors';
import { configureAutomation, findAutomationSpec, rotateWebhookSecret } from '../commands/configure-automation';
import { projectIdOf, projectOf, type ApiContext, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { presentEmail } from '../presenters/email';
import { automationRunDetail, automationRunPage } from '../queries/automation-runs';
import { automationViews } from '../queries/automation-views';
import { automationRunPage as runPageView } from '../views/automation-run-page';
import { automationsPage, type AutomationNotice, type AutomationsPageProps } from '../views/automations-page';
import { paths } from '../views/paths';
import {
  AutomationFormSchema, AutomationParamsFormSchema, AutomationRunPageSchema, AutomationsPageSchema, changeFromForm,
} from './automation-pages.schema';

const RUNS_SHOWN = 20;
const EMAILS_SHOWN = 20;

type Extra = Pick<AutomationsPageProps, 'notice' | 'secret' | 'refused'> & { cursor?: string };

/** After a form: back to the page (303, so a reload does not post again), with a notice. */
function backToAutomations(ctx: ApiContext, notice: AutomationNotice, automationId: string): void {
  ctx.status = 303;
  ctx.redirect(`${paths.automations(projectIdOf(ctx))}?${new URLSearchParams({ notice, automation: automationId }).toString()}`);
}

/**
 * Settings → Automations: the page (switches, params forms, recent runs, the outbox), a run's
 * page, and the forms. A new webhook secret is rendered in the response that issued it, since it
 * is never shown again.
 */
export function automationPageRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId/settings/automations' });
  const signedIn = requireSession(deps.projects);
  const csrf = verifyCsrf(deps.keys.csrf);

  const render = async (ctx: ApiContext, { cursor, ...extra }: Extra) => {
    const projectId = projectIdOf(ctx);
    const [automations, runs, emails] = await Promise.all([
      automationViews(deps, projectId),
      automationRunPage(deps, projectId, { limit: RUNS_SHOWN, cursor }),
      deps.outbox.list(projectId, { limit: EMAILS_SHOWN }),
    ]);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = automationsPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      project: projectOf(ctx),
      automations,
      runs: { ...runs, cursor },
      emails: emails.data.map(presentEmail),
      ...extra,
    });
  };

  router.get('/', signedIn, validate(AutomationsPageSchema), async (ctx) => {
    const { query } = input(ctx, AutomationsPageSchema);
    const notice = query.notice && query.automation ? { kind: query.notice, automationId: query.automation } : undefined;
    await render(ctx, { notice, cursor: query.cursor });
  });

  router.get('/runs/:runId', signedIn, validate(AutomationRunPageSchema), async (ctx) => {
    const { params } = input(ctx, AutomationRunPageSchema);
    const run = await automationRunDetail(deps, projectIdOf(ctx), params.runId);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = runPageView({ nonce: ctx.state.cspNonce, csrf: csrfToken(ctx, deps.keys.csrf), project: projectOf(ctx), run });
  });

  router.post('/:automationId/enable', signedIn, csrf, validate(AutomationFormSchema), async (ctx) => {
    const { params: { automationId } } = input(ctx, AutomationFormSchema);
    const done = await configureAutomation(deps, projectIdOf(ctx), automationId, { enabled: true });
    if (!done.webhookSecret) return backToAutomations(ctx, 'enabled', automationId);
    await render(ctx, { notice: { kind: 'enabled', automationId }, secret: { automationId, value: done.webhookSecret } });
  });

  router.post('/:automationId/disable', signedIn, csrf, validate(AutomationFormSchema), async (ctx) => {
    const { params: { automationId } } = input(ctx, AutomationFormSchema);
    await configureAutomation(deps, projectIdOf(ctx), automationId, { enabled: false });
    backToAutomations(ctx, 'disabled', automationId);
  });

  router.post('/:automationId/params', signedIn, csrf, validate(AutomationParamsFormSchema), async (ctx) => {
    const { params: { automationId }, body } = input(ctx, AutomationParamsFormSchema);
    const { change, values } = changeFromForm(findAutomationSpec(deps, automationId), body);
    try {
      await configureAutomation(deps, projectIdOf(ctx), automationId, change);
    } catch (err) {
      // a refused value is shown beside its field, with what was typed kept
      if (!(err instanceof DomainError) || err.code !== 'validation_error') throw err;
      const field = typeof err.details?.field === 'string' ? err.details.field : null;
      const message = field && err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
      await render(ctx, { refused: { automationId, values, error: { field, message } } });
      ctx.status = 400;
      return;
    }
    backToAutomations(ctx, 'saved', automationId);
  });

  router.post('/:automationId/webhook-secret', signedIn, csrf, validate(AutomationFormSchema), async (ctx) => {
    const { params: { automationId } } = input(ctx, AutomationFormSchema);
    const done = await rotateWebhookSecret(deps, projectIdOf(ctx), automationId);
    await render(ctx, { secret: { automationId, value: done.webhookSecret! } });
  });

  return router;
}
