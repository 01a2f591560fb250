import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type ApiReply } from '../api/reply';
import { ControlError, OAuthError, StripeApiError } from '../errors';
import { parseForm } from '../form';
import type { EmulatorServices } from '../services';
import { installConsent, INSTALL_PATH, listing } from './app-install';
import { appToken, APP_TOKEN_PATH } from './app-token';
import { connectConsent, html } from './authorize';
import { errorPage } from './page';
import { deauthorize, token } from './token';

export interface OAuthRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
}

/** Whether the server hands a path to `handleOAuth` rather than to the `/v1` API. */
export const isOAuthPath = (path: string): boolean => path.startsWith('/oauth/') || path.startsWith('/apps/') || path === APP_TOKEN_PATH;

/**
 * Connect OAuth (`/oauth/…`), Stripe App installs (`/oauth/v2/authorize`, the Marketplace
 * listing `/apps/<client id>`) and the App token endpoint; undefined when the path is not one of
 * their routes.
 */
export function handleOAuth(services: EmulatorServices, request: OAuthRequest): ApiReply | undefined {
  const { method, url, headers } = request;
  const input = parseForm(method === 'POST' ? request.body : url.search.slice(1));
  try {
    if (url.pathname === '/oauth/authorize' && method === 'GET') return connectConsent.page(services, input);
    if (url.pathname === '/oauth/authorize' && method === 'POST') return connectConsent.decision(services, input);
    if (url.pathname === INSTALL_PATH && method === 'GET') return installConsent.page(services, input);
    if (url.pathname === INSTALL_PATH && method === 'POST') return installConsent.decision(services, input);
    if (url.pathname.startsWith('/apps/') && method === 'GET') return listing(services, decodeURIComponent(url.pathname.slice('/apps/'.length)));
    if (url.pathname === APP_TOKEN_PATH && method === 'POST') return appToken(services, request, input);
    if (url.pathname === '/oauth/token' && method === 'POST') return token(services, headers, input);
    if (url.pathname === '/oauth/deauthorize' && method === 'POST') return deauthorize(services, headers, input);
    return undefined;
  } catch (error) {
    if (error instanceof OAuthError) return jsonReply(error.toBody(), error.status);
    if (error instanceof ControlError) return html(error.status, errorPage(error.message));
    if (error instanceof StripeApiError) return jsonReply(error.toBody(), error.status);
    throw error;
  }
}
