import { csrfInput } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

/** Settings → Integrations: where the project's connection alerts go. */
export function alertEmailPanel(p: { projectId: string; alertEmail: string | null; csrf: string; error?: string; entered?: string }): SafeHtml {
  const value = p.entered ?? p.alertEmail ?? '';
  return html`<section class="panel" data-alert-email-panel>
  <div class="panel-head"><div class="grow"><h2>Alert email</h2>
    <p class="sub">Who hears when a connection needs reconnecting, is disconnected in Stripe, fails a sync, or has events that keep
      failing: one email per connection and kind of problem an hour at most. Leave it empty to send none.</p></div></div>
  <div class="panel-body">
    <form method="post" action="${paths.alertEmailForm(p.projectId)}" data-alert-email-form>
      ${csrfInput(p.csrf)}
      <div class="field"><label for="alertEmail">Alert email</label>
        <input id="alertEmail" name="alertEmail" type="email" autocomplete="email" spellcheck="false" placeholder="ops@example.com" value="${value}"></div>
      ${p.error
        ? html`<div class="alert bad" role="alert" data-alert-email-error><div class="grow">${p.error}</div></div>`
        : html`<p class="help" data-alert-email-current>${p.alertEmail ? html`Alerts go to <strong>${p.alertEmail}</strong>.` : 'No alert email is set: alerts are not sent.'}</p>`}
      <p style="margin:14px 0 0"><button class="button secondary" type="submit">Save alert email</button></p>
    </form>
  </div>
</section>`;
}
