import type { ConnectionMode } from '../../domain/connection';
import type { ConnectionView } from '../presenters/connection';
import { formatDateTime } from './format';
import { csrfInput } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

/** How each way in is taken again: the OAuth (or App) authorization, or a new key in the form below. */
const RECONNECT: Record<ConnectionMode, (projectId: string) => SafeHtml> = {
  oauth: (projectId) => html`<a class="button" href="${paths.connect(projectId)}" data-reconnect>Reconnect</a>`,
  app: (projectId) => html`<a class="button" href="${paths.connect(projectId)}" data-reconnect>Reconnect</a>`,
  api_key: () => html`<a class="button" href="#secretKey" data-reconnect>Reconnect with a key</a>`,
};

export const reconnectButton = (projectId: string, c: ConnectionView): SafeHtml => RECONNECT[c.mode](projectId);

/** "Disconnected in Stripe on …" (or here), what Stripe was not told, and Reconnect. */
export function disconnectedNotice(projectId: string, c: ConnectionView): SafeHtml {
  const where = c.disconnectedBy === 'stripe' ? 'Disconnected in Stripe' : 'Disconnected';
  const when = c.disconnectedAt ? html` on <time datetime="${c.disconnectedAt}" data-disconnected-at>${formatDateTime(c.disconnectedAt)}</time>` : '';
  const why = c.disconnectedBy === 'stripe'
    ? 'The account removed this app\'s access, so nothing is synced. '
    : c.statusMessage && c.statusMessage !== 'Disconnected from Stripe here.' ? `${c.statusMessage} ` : '';
  return html`<div class="alert info" role="status" data-disconnected="${c.disconnectedBy ?? ''}"><div class="grow"><strong>${where}</strong>${when}.
  ${why}Reconnect the same account to resume from what is stored: the events of the time between are caught up (up to 30 days).</div>
  ${reconnectButton(projectId, c)}</div>`;
}

/**
 * Disconnect, with the choice of what happens to the Stripe data on the profiles. Without a script
 * it is a plain form; `<details>` keeps it folded until asked for.
 */
export function disconnectForm(projectId: string, c: ConnectionView, csrf: string): SafeHtml {
  const disconnected = c.status === 'disconnected';
  return html`<details class="disconnect" data-disconnect>
  <summary>${disconnected ? 'Remove the Stripe data…' : 'Disconnect…'}</summary>
  <form method="post" action="${paths.disconnectForm(projectId, c.id)}" data-disconnect-form>
    ${csrfInput(csrf)}
    ${disconnected
      ? html`<input type="hidden" name="data" value="purge"><p class="help">Removes this account's links, <code>stripe.*</code> traits, subscriptions and charges from the profiles, and the profiles only Stripe created. Timelines of the profiles that stay keep their entries.</p>`
      : html`<label class="choice"><input type="radio" name="data" value="keep" checked> Keep the Stripe data on the profiles (reconnecting resumes from it)</label>
    <label class="choice"><input type="radio" name="data" value="purge"> Remove it: links, <code>stripe.*</code> traits, subscriptions, charges, and the profiles only Stripe created (timelines keep their entries)</label>`}
    <p style="margin:10px 0 0"><button class="button danger small" type="submit">${disconnected ? 'Remove the Stripe data' : 'Disconnect'}</button></p>
  </form>
</details>`;
}
