import { REQUIRED_PERMISSIONS } from '../../connect/permissions';
import type { Project } from '../../domain/project';
import { SIMULATIONS, type SimulatedAction } from '../commands/simulate-stripe-activity';
import type { ConnectionPanel } from '../queries/connection-panels';
import { alertEmailPanel } from './alert-email-panel';
import { connectionCard } from './connection-card';
import { csrfInput } from './forms';
import { html, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paths } from './paths';
import { settingsScript } from './settings-script';

export const SETTINGS_NOTICES = [
  'connected', 'reconnected', 'resync_started', 'resync_running', 'event_retried', 'event_skipped', 'simulated',
  'disconnected', 'disconnected_purged', 'alert_email_saved',
] as const;
export type SettingsNotice = (typeof SETTINGS_NOTICES)[number];

/** What a notice is about, when it names something. */
export interface NoticeDetails {
  /** the dead event retried or skipped */
  event?: string;
  /** what was simulated: the action, the Stripe object, and whose (a known profile, or a new customer's email) */
  simulated?: { action: SimulatedAction; objectId?: string; profile: { id: string; email: string | null } | null; email?: string };
}

const mono = (id: string | undefined) => (id ? html` <span class="mono">${id}</span>` : '');

function simulatedNotice(projectId: string, sim: NoticeDetails['simulated']): SafeHtml {
  if (!sim) return html`Stripe activity was simulated; its webhooks arrive within seconds.`;
  const what = html`Simulated <strong>${SIMULATIONS[sim.action]}</strong>${mono(sim.objectId)}`;
  if (sim.profile) {
    const who = sim.profile.email ?? sim.profile.id;
    return html`${what} for <a href="${paths.customer(projectId, sim.profile.id)}" data-simulated-customer>${who}</a>.
      Stripe's webhooks arrive within seconds: the customer's timeline shows it.`;
  }
  const list = `${paths.customers(projectId)}${sim.email ? `?email=${encodeURIComponent(sim.email)}` : ''}`;
  return html`${what}${sim.email ? html` for ${sim.email}` : ''}. The new customer appears in <a href="${list}" data-simulated-customer>Customers</a> within seconds.`;
}

const NOTICES: Record<SettingsNotice, (projectId: string, d: NoticeDetails) => SafeHtml | string> = {
  connected: () => 'Stripe is connected. The first sync has started; you can follow it below.',
  reconnected: () => 'Stripe is connected again. A resync has started.',
  resync_started: () => 'A new sync has started.',
  resync_running: () => 'A sync of this account is already running; it continues below.',
  event_retried: (_, d) => html`The event${mono(d.event)} is back in line; it is processed again within seconds.`,
  event_skipped: (_, d) => html`The event${mono(d.event)} was skipped: it is kept as ignored and never processed.`,
  simulated: (projectId, d) => simulatedNotice(projectId, d.simulated),
  disconnected: () => 'Stripe is disconnected. Its data stays on the profiles; reconnect the same account any time to resume from it.',
  disconnected_purged: () => 'Stripe is disconnected, and its data was removed from the profiles.',
  alert_email_saved: () => 'The alert email is saved.',
};

export interface SettingsPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  connections: ConnectionPanel[];
  oauthConfigured: boolean;
  /** STRIPE_APP_CLIENT_ID is set: "Install the Stripe App" is offered beside Connect */
  appConfigured?: boolean;
  /** for "last event 3 minutes ago" */
  now: Date;
  notice?: SettingsNotice;
  noticeDetails?: NoticeDetails;
  /** the API-key form's error, shown beside it */
  apiKeyError?: string;
  /** the alert email form's error, and what was entered */
  alertEmail?: { error: string; entered: string };
}

function stripePanel(p: SettingsPageProps): SafeHtml {
  const connect = p.oauthConfigured
    ? html`<a class="button stripe" href="${paths.connect(p.project.id)}" data-connect>Connect with Stripe</a>`
    : html`<a class="button stripe" aria-disabled="true" href="${paths.connect(p.project.id)}" data-connect>Connect with Stripe</a>`;
  return html`<section class="panel">
  <div class="panel-head">
    <div class="stripe-logo" aria-hidden="true">S</div>
    <div class="grow"><h2>Stripe</h2>
      <p class="sub">Import customers, subscriptions and charges. Profiles and segments stay current as Stripe changes.</p></div>
    ${p.appConfigured ? html`<a class="button secondary" href="${paths.appInstall(p.project.id)}" data-app-install>Install the Stripe App</a>` : ''}
    ${connect}
  </div>
  ${p.oauthConfigured ? '' : html`<div class="panel-body" style="padding-bottom:0"><div class="alert info" style="margin-top:0"><div class="grow">
    Connect with Stripe (OAuth) is not configured on this server: set <code>STRIPE_CLIENT_ID</code> and <code>STRIPE_SECRET_KEY</code>.
    You can still connect with a restricted API key below.</div></div></div>`}
  <div data-connections>
  ${p.connections.length
    ? p.connections.map((c) => connectionCard(p.project.id, c, p.csrf, p.now))
    : html`<div class="empty">No Stripe account is connected yet. Connect one to import your customers.</div>`}
  </div>
</section>`;
}

function apiKeyPanel(p: SettingsPageProps): SafeHtml {
  return html`<section class="panel">
  <div class="panel-head"><div class="grow"><h2>Connect with a restricted API key</h2>
    <p class="sub">For self-hosted installs without a Stripe Connect platform.</p></div></div>
  <div class="panel-body two-col">
    <form method="post" action="${paths.apiKeyForm(p.project.id)}" data-api-key-form>
      ${csrfInput(p.csrf)}
      <div class="field"><label for="secretKey">Restricted key</label>
        <input id="secretKey" name="secretKey" type="password" autocomplete="off" spellcheck="false" placeholder="rk_live_…" required></div>
      ${p.apiKeyError ? html`<div class="alert bad" role="alert" data-api-key-error><div class="grow">${p.apiKeyError}</div></div>` : ''}
      <p style="margin:14px 0 0"><button class="button" type="submit">Connect with API key</button></p>
    </form>
    <div><h3>Permissions the key needs</h3>
      <ul class="steps">${REQUIRED_PERMISSIONS.map((r) => html`<li>${r.label}</li>`)}</ul>
      <p class="help">Create it in Stripe under Developers → API keys → Create restricted key. The key is checked with Stripe, then stored encrypted. A <code>rk_test_</code> key connects the account's test mode.</p></div>
  </div>
</section>`;
}

export const settingsPage = (p: SettingsPageProps): string =>
  projectPage({
    title: 'Integrations',
    nonce: p.nonce,
    csrf: p.csrf,
    project: p.project,
    active: 'integrations',
    body: html`<div class="page-head"><div class="crumbs">Settings</div><h1>Integrations</h1>
  <p class="sub">Bring customer data from the tools you already use.</p></div>
${p.notice ? html`<div class="alert ok notice" role="status" data-notice="${p.notice}"><div class="grow">${NOTICES[p.notice](p.project.id, p.noticeDetails ?? {})}</div></div>` : ''}
${stripePanel(p)}
${apiKeyPanel(p)}
${alertEmailPanel({ projectId: p.project.id, alertEmail: p.project.alertEmail, csrf: p.csrf, ...p.alertEmail })}`,
    script: settingsScript(paths.status(p.project.id)),
  });
