import type { IncomingHttpHeaders } from 'node:http';
import { jsonReply, type ApiReply } from '../api/reply';
import { ControlError, OAuthError, StripeApiError } from '../errors';
import { parseForm } from '../form';
import type { EmulatorServices } from '../services';
import { authorizePage, decide, html, readAuthorize } from './authorize';
import { text } from './flows';
import { errorPage } from './page';
import { deauthorize, token } from './token';

export interface OAuthRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Connect OAuth (`/oauth/…`); undefined when the path is not one of its routes. */
export function handleOAuth(services: EmulatorServices, request: OAuthRequest): ApiReply | undefined {
  const { method, url, headers } = request;
  const input = parseForm(method === 'POST' ? request.body : url.search.slice(1));
  try {
    if (url.pathname === '/oauth/authorize' && method === 'GET') return authorizePage(services, input);
    if (url.pathname === '/oauth/authorize' && method === 'POST') {
      const authorize = readAuthorize(services, input);
      if ('status' in authorize) return authorize;
      return decide(services, authorize, text(input.decision) === 'approve', text(input.account) || undefined);
    }
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
