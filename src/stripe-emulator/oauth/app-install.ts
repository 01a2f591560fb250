import type { ApiReply } from '../api/reply';
import { ControlError } from '../errors';
import type { FormObject } from '../form';
import type { EmulatorServices } from '../services';
import type { AccountState } from '../store/account';
import type { StripeApp } from '../store/state';
import { answer, carried, consentOrDecide, html, readAuthorize, type AuthorizeRequest } from './authorize';
import { applicationOf, chosenAccount, issueCode } from './connect';
import { text } from './flows';
import { consentPage, listingPage } from './page';

/** Where Stripe's install links point (`https://marketplace.stripe.com/oauth/v2/authorize`). */
export const INSTALL_PATH = '/oauth/v2/authorize';

const appRequest = (services: EmulatorServices, params: FormObject) =>
  readAuthorize<StripeApp>(params, (clientId) => services.state.apps.get(clientId));

/**
 * Installing the App on the chosen account: its owner's Connect endpoints hear
 * `account.application.authorized`, and a single-use code goes back to the App.
 */
export function install(services: EmulatorServices, app: StripeApp, request: { email: string | null; accountId?: string }): { code: string; account: AccountState } {
  const { state } = services;
  const livemode = state.accounts.get(app.accountId)?.livemode ?? false;
  const account = chosenAccount(services, livemode, request);
  app.installed.add(account.id);
  state.changed();
  services.core.events.emit(account, 'account.application.authorized', applicationOf(app), {
    audience: { ownEndpoints: false, platforms: [{ accountId: app.accountId }] },
  });
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
  services.core.events.emit(account, 'account.application.deauthorized', applicationOf(app), {
    audience: { ownEndpoints: false, platforms: [{ accountId: app.accountId }] },
  });
}

function decideInstall(services: EmulatorServices, request: AuthorizeRequest<StripeApp>, approved: boolean, accountId?: string): ApiReply {
  return answer(request, approved, () => ({ code: install(services, request.client, { email: request.email || null, accountId }).code }));
}

/** `GET /oauth/v2/authorize`: the install page, or (in the automatic modes) the answer at once. */
export function installPage(services: EmulatorServices, params: FormObject): ApiReply {
  const request = appRequest(services, params);
  if ('status' in request) return request;
  return consentOrDecide(services, (approved) => decideInstall(services, request, approved), (defaultChoice, accounts) =>
    consentPage({
      action: INSTALL_PATH,
      title: `Install ${request.client.name}`,
      clientName: request.client.name,
      asks: 'would like to be installed on your Stripe account',
      access: request.client.permissions.join(', '),
      approveLabel: 'Install',
      email: request.email,
      hidden: carried(params),
      accounts,
      defaultChoice,
    }),
  );
}

/** `POST /oauth/v2/authorize`: the install page's decision. */
export function installDecision(services: EmulatorServices, params: FormObject): ApiReply {
  const request = appRequest(services, params);
  if ('status' in request) return request;
  return decideInstall(services, request, text(params.decision) === 'approve', text(params.account) || undefined);
}

/** `GET /apps/<client id>`: the App's Marketplace listing; its Install button carries no state. */
export function listing(services: EmulatorServices, clientId: string): ApiReply | undefined {
  const app = services.state.apps.get(clientId);
  if (!app) return undefined;
  const installUrl = `${INSTALL_PATH}?${new URLSearchParams({ client_id: app.clientId })}`;
  return html(200, listingPage({ name: app.name, installUrl, permissions: app.permissions }));
}
