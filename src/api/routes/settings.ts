import Router from '@koa/router';
import { DomainError } from '../../domain/errors';
import { connectStripe } from '../commands/connect-stripe';
import { resyncConnection } from '../commands/resync-connection';
import { projectIdOf, projectOf, type ApiContext, type ApiState } from '../context';
import type { ApiDeps } from '../deps';
import { csrfToken, verifyCsrf } from '../middleware/csrf';
import { STATUS_OF } from '../middleware/error-status';
import { requireSession } from '../middleware/require-session';
import { input, validate } from '../middleware/validate';
import { presentList } from '../presenters/list';
import { connectionViews } from '../queries/connection-views';
import { paths } from '../views/paths';
import { settingsPage, type SettingsNotice } from '../views/settings-page';
import { ApiKeyFormSchema, ResyncFormSchema, SettingsPageSchema } from './settings.schema';

/** Settings → Integrations: the page, its live status feed, and its two forms (API key, resync). */
export function settingsRoutes(deps: ApiDeps): Router<ApiState> {
  const router = new Router<ApiState>({ prefix: '/projects/:projectId' });
  const signedIn = requireSession(deps.projects);
  const csrf = verifyCsrf(deps.keys.csrf);

  const render = async (ctx: ApiContext, extra: { notice?: SettingsNotice; apiKeyError?: string }) => {
    ctx.type = 'html';
    ctx.body = settingsPage({
      nonce: ctx.state.cspNonce,
      csrf: csrfToken(ctx, deps.keys.csrf),
      project: projectOf(ctx),
      connections: await connectionViews(deps, projectIdOf(ctx)),
      oauthConfigured: deps.oauth.configured,
      ...extra,
    });
  };
  const backToSettings = (ctx: ApiContext, notice: SettingsNotice) => {
    ctx.status = 303;
    ctx.redirect(`${paths.settings(projectIdOf(ctx))}?notice=${notice}`);
  };

  router.get('/settings/integrations', signedIn, validate(SettingsPageSchema), async (ctx) => {
    await render(ctx, { notice: input(ctx, SettingsPageSchema).query.notice });
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

  router.post('/integrations/stripe/:connectionId/resync', signedIn, csrf, validate(ResyncFormSchema), async (ctx) => {
    const { params } = input(ctx, ResyncFormSchema);
    const { started } = await resyncConnection(deps, projectIdOf(ctx), params.connectionId);
    backToSettings(ctx, started ? 'resync_started' : 'resync_running');
  });

  return router;
}
