import Router from '@koa/router';
import { DomainError } from '../../domain/errors';
import { connectStripe } from '../commands/connect-stripe';
import { disconnectStripe } from '../commands/disconnect-stripe';
import { retryDeadEvent, skipDeadEvent } from '../commands/dead-events';
import { resyncConnection } from '../commands/resync-connection';
import { projectIdOf, projectOf, type ApiContext, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { STATUS_OF } from '../middleware/error-status';
import { requireSession } from '../middleware/require-session';
import { input, validate, type Input } from '../middleware/validate';
import { presentList } from '../presenters/list';
import { connectionPanels } from '../queries/connection-panels';
import { connectionViews } from '../queries/connection-views';
import { settingsPage, type NoticeDetails, type SettingsNotice } from '../views/settings-page';
import { backToSettings } from './settings-redirect';
import { AlertEmail, AlertEmailFormSchema } from './project.schema';
import { ApiKeyFormSchema, DeadEventFormSchema, DisconnectFormSchema, ResyncFormSchema, SettingsPageSchema } from './settings.schema';

type PageQuery = Input<typeof SettingsPageSchema>['query'];

/** What the notice names, from the redirect's query; a profile of another project is not named. */
async function noticeDetails(deps: ApiDeps, projectId: string, q: PageQuery): Promise<NoticeDetails> {
  if (q.notice === 'event_retried' || q.notice === 'event_skipped') return { event: q.event };
  if (q.notice !== 'simulated' || !q.action) return {};
  const profile = q.profile ? await deps.profiles.get(projectId, q.profile).catch(() => undefined) : undefined;
  return { simulated: { action: q.action, objectId: q.object, profile: profile ? { id: profile.id, email: profile.email } : null, email: q.email } };
}

/**
 * Settings → Integrations: the page, its live status feed, and its forms (API key, resync,
 * disconnect, and a dead event's Retry and Skip).
 */
export function settingsRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId' });
  const signedIn = requireSession(deps.projects);
  const csrf = verifyCsrf(deps.keys.csrf);

  const render = async (ctx: ApiContext, extra: { notice?: SettingsNotice; noticeDetails?: NoticeDetails; apiKeyError?: string; alertEmail?: { error: string; entered: string } }) => {
    ctx.type = 'html';
    ctx.body = settingsPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      project: projectOf(ctx),
      connections: await connectionPanels(deps, projectIdOf(ctx)),
      oauthConfigured: deps.oauth.configured,
      appConfigured: deps.app.configured,
      now: deps.now(),
      ...extra,
    });
  };

  router.get('/settings/integrations', signedIn, validate(SettingsPageSchema), async (ctx) => {
    const { query } = input(ctx, SettingsPageSchema);
    await render(ctx, { notice: query.notice, noticeDetails: await noticeDetails(deps, projectIdOf(ctx), query) });
  });

  /** What the page polls while a sync runs (the same shape as `GET /api/v1/integrations/stripe`). */
  router.get('/integrations/stripe/status', signedIn, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = presentList(await connectionViews(deps, projectIdOf(ctx)));
  });

  router.post('/integrations/stripe/api-key', signedIn, csrf, validate(ApiKeyFormSchema), async (ctx) => {
    const { body } = input(ctx, ApiKeyFormSchema);
    try {
      if (!body.secretKey) throw new DomainError('validation_error', 'Paste a restricted key (rk_live_… or rk_test_…).');
      const { created } = await connectStripe(deps, projectIdOf(ctx), await deps.apiKeyProvider.grant(body));
      backToSettings(ctx, created ? 'connected' : 'reconnected');
    } catch (err) {
      // what Stripe said about the key is shown beside the form; anything else is a real error
      if (!(err instanceof DomainError) || err.code === 'internal_error') throw err;
      await render(ctx, { apiKeyError: err.message });
      ctx.status = STATUS_OF[err.code];
    }
  });

  router.post('/settings/alert-email', signedIn, csrf, validate(AlertEmailFormSchema), async (ctx) => {
    const { body } = input(ctx, AlertEmailFormSchema);
    const parsed = AlertEmail.safeParse(body.alertEmail);
    if (!parsed.success) {
      await render(ctx, { alertEmail: { error: `That is not an email address: ${parsed.error.issues[0]!.message}.`, entered: body.alertEmail } });
      ctx.status = 400;
      return;
    }
    await deps.projects.setAlertEmail(projectIdOf(ctx), parsed.data);
    backToSettings(ctx, 'alert_email_saved');
  });

  router.post('/integrations/stripe/:connectionId/resync', signedIn, csrf, validate(ResyncFormSchema), async (ctx) => {
    const { params } = input(ctx, ResyncFormSchema);
    const { started } = await resyncConnection(deps, projectIdOf(ctx), params.connectionId);
    backToSettings(ctx, started ? 'resync_started' : 'resync_running');
  });

  router.post('/integrations/stripe/:connectionId/disconnect', signedIn, csrf, validate(DisconnectFormSchema), async (ctx) => {
    const { params, body } = input(ctx, DisconnectFormSchema);
    const purge = body.data === 'purge';
    await disconnectStripe(deps, projectIdOf(ctx), params.connectionId, { purge });
    backToSettings(ctx, purge ? 'disconnected_purged' : 'disconnected');
  });

  router.post('/integrations/stripe/:connectionId/events/:stripeEventId/retry', signedIn, csrf, validate(DeadEventFormSchema), async (ctx) => {
    const { params } = input(ctx, DeadEventFormSchema);
    await retryDeadEvent(deps, projectIdOf(ctx), params.connectionId, params.stripeEventId);
    backToSettings(ctx, 'event_retried', { event: params.stripeEventId });
  });

  router.post('/integrations/stripe/:connectionId/events/:stripeEventId/skip', signedIn, csrf, validate(DeadEventFormSchema), async (ctx) => {
    const { params } = input(ctx, DeadEventFormSchema);
    await skipDeadEvent(deps, projectIdOf(ctx), params.connectionId, params.stripeEventId);
    backToSettings(ctx, 'event_skipped', { event: params.stripeEventId });
  });

  return router;
}
