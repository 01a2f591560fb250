import { CSRF_FIELD } from '../middleware/csrf';
import { html, type SafeHtml } from './html';

/** The hidden field every form carries. */
export const csrfInput = (token: string): SafeHtml => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

/** A form that is just one button (sign out, resync, retry). */
export const buttonForm = (action: string, csrf: string, label: string, className: string): SafeHtml =>
  html`<form method="post" action="${action}" class="inline">${csrfInput(csrf)}<button class="${className}" type="submit">${label}</button></form>`;
