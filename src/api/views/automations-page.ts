import type { Project } from '../../domain/project';
import type { AutomationView } from '../presenters/automation';
import type { AutomationRunView } from '../presenters/automation-run';
import type { EmailView } from '../presenters/email';
import { onOffBadge } from './automation-badges';
import { emailsTable, runsTable } from './automation-tables';
import { buttonForm } from './forms';
import { html, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paramForm, TEST_MODE_EMAILS_FIELD, type FieldError, type FormValues } from './param-form';
import { paths } from './paths';

export const AUTOMATION_NOTICES = ['enabled', 'disabled', 'saved'] as const;
export type AutomationNotice = (typeof AUTOMATION_NOTICES)[number];

const NOTICES: Record<AutomationNotice, (name: string) => string> = {
  enabled: (name) => `${name} is on: matching Stripe events start runs from now on.`,
  disabled: (name) => `${name} is off: it starts no new runs, and its waiting runs end at their next step.`,
  saved: (name) => `${name}'s settings are saved; new steps of runs use them.`,
};

export interface AutomationsPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  automations: AutomationView[];
  /** a page of recent runs of every automation; `cursor` is the page's own (absent on the first) */
  runs: { data: AutomationRunView[]; nextCursor: string | null; cursor?: string };
  emails: EmailView[];
  notice?: { kind: AutomationNotice; automationId: string };
  /** a webhook signing secret just issued: shown this once */
  secret?: { automationId: string; value: string };
  /** a params form that was refused: what was submitted, and why */
  refused?: { automationId: string; values: FormValues; error: FieldError };
}

const nameOf = (p: AutomationsPageProps, id: string) => p.automations.find((a) => a.id === id)?.name ?? id;

function secretNotice(p: AutomationsPageProps): SafeHtml | '' {
  if (!p.secret) return '';
  return html`<div class="alert info notice" role="status" data-webhook-secret-notice="${p.secret.automationId}"><div class="grow">
  <strong>Webhook signing secret of ${nameOf(p, p.secret.automationId)}</strong>: copy it now, it is not shown again.
  <div class="secret"><code data-webhook-secret>${p.secret.value}</code></div>
  <div class="help">Every webhook call of this automation carries <code>Engage-Signature: t=…,v1=…</code>: the HMAC-SHA256 of <code>t.body</code> under this secret. Verify it before trusting the call.</div>
</div></div>`;
}

function automationItem(p: AutomationsPageProps, a: AutomationView): SafeHtml {
  const refused = p.refused?.automationId === a.id ? p.refused : undefined;
  const values: FormValues = refused?.values ?? { ...a.params, [TEST_MODE_EMAILS_FIELD]: a.testModeEmails };
  const toggle = a.enabled
    ? buttonForm(paths.automationAction(p.project.id, a.id, 'disable'), p.csrf, 'Turn off', 'button secondary small')
    : buttonForm(paths.automationAction(p.project.id, a.id, 'enable'), p.csrf, 'Turn on', 'button small');
  return html`<li class="item" data-automation-id="${a.id}" data-enabled="${String(a.enabled)}">
  <div class="item-head"><strong>${a.name}</strong> ${onOffBadge(a.enabled)}${a.marketing ? html` <span class="badge plain muted" title="Carries an unsubscribe link; unsubscribed customers get none">Marketing</span>` : ''}
    <span class="grow"></span>${toggle}</div>
  <p class="sub">${a.description}</p>
  <div class="meta">Triggered by <strong>${a.trigger}</strong> · version ${a.version} · events older than ${a.maxEventAge} start nothing ·
    webhook signing secret ${a.hasWebhookSecret ? 'issued' : 'issued when you turn it on'}</div>
  <details class="settings" data-settings="${a.id}"${refused ? ' open' : ''}><summary>Settings</summary>
    ${paramForm(p.project.id, p.csrf, a, values, refused?.error)}
    <div class="help" style="margin-top:14px">${buttonForm(paths.automationAction(p.project.id, a.id, 'webhook-secret'), p.csrf, 'New webhook signing secret', 'button secondary small')}
      The old secret stops working at once.</div>
  </details>
</li>`;
}

function runsPanel(p: AutomationsPageProps): SafeHtml {
  const here = paths.automations(p.project.id);
  const { data, nextCursor, cursor } = p.runs;
  return html`<section class="panel" data-panel="runs">
  <div class="panel-head"><div class="grow"><h2>Recent runs</h2><p class="sub">Newest first${cursor ? ' (older runs)' : ''}; open one to see its steps.</p></div>
    <a class="button secondary" href="${here}">${cursor ? '← Newest' : 'Refresh'}</a></div>
  ${runsTable(p.project.id, data, cursor ? 'No older runs.' : 'No runs yet. Turn an automation on; matching Stripe events start runs.')}
  ${nextCursor ? html`<div class="pager"><a class="button secondary" href="${here}?cursor=${encodeURIComponent(nextCursor)}" data-older>Older runs →</a></div>` : ''}
</section>`;
}

/** Settings → Automations: switch each on or off, set its params, and follow its runs and emails. */
export const automationsPage = (p: AutomationsPageProps): string =>
  projectPage({
    title: 'Automations',
    nonce: p.nonce,
    csrf: p.csrf,
    project: p.project,
    active: 'automations',
    body: html`<div class="page-head"><div class="crumbs">Settings</div><h1>Automations</h1>
  <p class="sub">Emails and webhook calls set off by Stripe events on your customers' profiles.</p></div>
${p.notice ? html`<div class="alert ok notice" role="status" data-notice="${p.notice.kind}"><div class="grow">${NOTICES[p.notice.kind](nameOf(p, p.notice.automationId))}</div></div>` : ''}
${secretNotice(p)}
<section class="panel" data-panel="automations">
  <div class="panel-head"><div class="grow"><h2>Automations</h2><p class="sub">Each runs for every matching event while it is on.</p></div></div>
  <ul class="items">${p.automations.map((a) => automationItem(p, a))}</ul>
</section>
${runsPanel(p)}
<section class="panel" data-panel="outbox">
  <div class="panel-head"><div class="grow"><h2>Outbox</h2><p class="sub">Recent emails of every run: sent over SMTP, or kept here when SMTP is not set up or the run was set off by a test-mode event.</p></div></div>
  ${emailsTable(p.project.id, p.emails, 'No emails yet.')}
</section>`,
  });
