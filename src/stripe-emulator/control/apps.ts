import { ControlError } from '../errors';
import { newSecret } from '../ids';
import { uninstall } from '../oauth/app-install';
import { READ_PERMISSIONS, isPermission, type Permission } from '../permissions';
import type { EmulatorServices } from '../services';
import type { StripeApp } from '../store/state';
import { accountOrFail } from './accounts';
import { optionalNumber, optionalStrings, optionalText, requiredText } from './input';
import type { ControlRoute } from './router';

/** Stripe's App access tokens live an hour. */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

function appOrFail(services: EmulatorServices, clientId: string): StripeApp {
  const app = services.state.apps.get(clientId);
  if (!app) throw new ControlError(404, `No such App: '${clientId}'`);
  return app;
}

const view = (app: StripeApp) => ({ ...app, installed: [...app.installed] });

export const appRoutes: ControlRoute[] = [
  {
    method: 'POST',
    pattern: '/_emulator/apps',
    handle: ({ services, body }) => {
      const { state } = services;
      const owner = optionalText(body, 'account');
      const name = optionalText(body, 'name') ?? 'Emulated App';
      const permissions = optionalStrings(body, 'permissions') ?? READ_PERMISSIONS;
      const unknown = permissions.find((p) => !isPermission(p));
      if (unknown) throw new ControlError(400, `Unknown permission '${unknown}'.`);
      // The App's owner: an existing account (a Connect platform, say), or a new developer account with its secret key.
      const account = owner ? accountOrFail(services, owner) : state.createAccount({ businessName: name });
      const secretKey = owner ? undefined : state.keys.create({ kind: 'secret', accountId: account.id, livemode: false, permissions: 'all' }).secret;
      const app: StripeApp = {
        clientId: newSecret('ca_'),
        accountId: account.id,
        name,
        redirectUris: optionalStrings(body, 'redirectUris') ?? [],
        permissions: permissions as Permission[],
        accessTokenLifetimeSeconds: optionalNumber(body, 'accessTokenLifetimeSeconds', { min: 1, integer: true }) ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
        installed: new Set(),
      };
      state.apps.set(app.clientId, app);
      state.changed();
      return { ...view(app), ...(secretKey ? { secretKey } : {}) };
    },
  },
  { method: 'GET', pattern: '/_emulator/apps/:clientId', handle: ({ services, params }) => view(appOrFail(services, params.clientId!)) },
  {
    method: 'POST',
    pattern: '/_emulator/apps/:clientId',
    // Tokens issued from now on get the new lifetime; those issued before keep theirs.
    handle: ({ services, params, body }) => {
      const app = appOrFail(services, params.clientId!);
      app.accessTokenLifetimeSeconds = optionalNumber(body, 'accessTokenLifetimeSeconds', { min: 1, integer: true }) ?? app.accessTokenLifetimeSeconds;
      services.state.changed();
      return view(app);
    },
  },
  {
    method: 'POST',
    pattern: '/_emulator/apps/:clientId/uninstall',
    handle: ({ services, params, body }) => {
      const app = appOrFail(services, params.clientId!);
      uninstall(services, app, accountOrFail(services, requiredText(body, 'account')));
      return view(app);
    },
  },
];
