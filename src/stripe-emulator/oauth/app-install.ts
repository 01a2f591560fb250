import type { ApiReply } from '../api/reply';
import { ControlError } from '../errors';
import type { EmulatorServices } from '../services';
import type { AccountState } from '../store/account';
import type { StripeApp } from '../store/state';
import { answer, consentRoutes, html, type AuthorizeRequest } from './authorize';
import { grantAccess, issueCode, tellOwner } from './connect';
import { listingPage } from './page';

/** Where Stripe's install links point (`https://marketplace.stripe.com/oauth/v2/authorize`). */
export const INSTALL_PATH = '/oauth/v2/authorize';

/** Installing the App on the chosen account: a single-use code goes back to the App. */
export function install(services: EmulatorServices, app: StripeApp, request: { email: string | null; accountId?: string }): { code: string; account: AccountState } {
  const { account, livemode } = grantAccess(services, app, app.installed, request);
  const code = issueCode(services, { platformId: app.accountId, accountId: account.id, scope: 'stripe_apps', livemode, app: app.clientId });
  return { code, account };
}

/** Uninstalling (in the Dashboard): the App's tokens stop working and its owner hears it once more. */
export function uninstall(services: EmulatorServices, app: StripeApp, account: AccountState): void {
  const { state } = services;
  if (!app.installed.delete(account.id)) throw new ControlError(400, `${app.name} is not installed on ${account.id}.`);
  state.keys.revokeAppTokens(app.clientId, account.id);
  for (const grant of state.refreshTokens.values()) if (grant.app === app.clientId && grant.accountId === account.id) grant.revoked = true;
  state.changed();
  tellOwner(services, account, 'account.application.deauthorized', app);
}

function decideInstall(services: EmulatorServices, request: AuthorizeRequest<StripeApp>, approved: boolean, accountId?: string): ApiReply {
  return answer(request, approved, () => ({ code: install(services, request.client, { email: request.email || null, accountId }).code }));
}

/** `/oauth/v2/authorize`: the App's install page and its decision. */
export const installConsent = consentRoutes<StripeApp>({
  lookup: (services, clientId) => services.state.apps.get(clientId),
  decide: decideInstall,
  wording: (request) => ({
    action: INSTALL_PATH,
    title: `Install ${request.client.name}`,
    clientName: request.client.name,
    asks: 'would like to be installed on your Stripe account',
    access: request.client.permissions.join(', '),
    approveLabel: 'Install',
  }),
});

/** `GET /apps/<client id>`: the App's Marketplace listing; its Install button carries no state. */
export function listing(services: EmulatorServices, clientId: string): ApiReply | undefined {
  const app = services.state.apps.get(clientId);
  if (!app) return undefined;
  const installUrl = `${INSTALL_PATH}?${new URLSearchParams({ client_id: app.clientId })}`;
  return html(200, listingPage({ name: app.name, installUrl, permissions: app.permissions }));
}
