import type { Project } from '../../domain/project';
import type { AutomationRunDetail } from '../queries/automation-runs';
import type { EmailView } from '../presenters/email';
import { stateBadge, testBadge } from './automation-badges';
import { formatDateTime } from './format';
import { html, type HtmlValue, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paths } from './paths';

export interface AutomationRunPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  run: AutomationRunDetail;
}

const row = (label: string, value: HtmlValue, key: string) => html`<tr data-field="${key}"><td>${label}</td><td>${value}</td></tr>`;
const when = (at: string | null) => (at ? formatDateTime(at) : '—');

function facts(p: AutomationRunPageProps): SafeHtml {
  const { run } = p;
  return html`<section class="panel"><div class="panel-head"><h2>Run</h2></div>
<table class="traits"><tbody>
  ${row('Status', html`${stateBadge(run.status)} ${testBadge(run.testMode)}`, 'status')}
  ${row('Triggered by', html`${run.event.name ?? 'an event'} · <span class="mono">${run.event.stripeEventId}</span> · ${formatDateTime(run.event.occurredAt)}`, 'event')}
  ${row('Customer', html`<a href="${paths.customer(p.project.id, run.profile.id)}">${run.profile.email ?? run.profile.id}</a>`, 'profile')}
  ${row('Started', when(run.startedAt), 'started')}
  ${row('Now', run.currentStep ?? '—', 'current')}
  ${row('Ended', when(run.endedAt), 'ended')}
  ${row('Result', run.result ?? '—', 'result')}
  ${row('Version', `${run.automationId} v${run.version}`, 'version')}
  ${row('Workflow', html`<span class="mono">${run.workflowId}</span>`, 'workflow')}
</tbody></table></section>`;
}

function stepsPanel(run: AutomationRunDetail): SafeHtml {
  return html`<section class="panel" data-panel="steps"><div class="panel-head"><div class="grow"><h2>Steps</h2><p class="sub">Each action of the run, in order, as it went.</p></div></div>
${run.steps.length
    ? html`<ol class="timeline" data-steps>${run.steps.map((s) => html`<li class="entry" data-step="${s.step}" data-kind="${s.kind}" data-status="${s.status}">
  <div class="entry-body"><div class="entry-head"><strong>${s.step}. ${s.kind}</strong> ${stateBadge(s.status)}<span class="grow"></span><time>${formatDateTime(s.updatedAt)}</time></div>
    <div class="entry-detail">${s.detail}${s.attempts > 1 ? html` <span class="meta">(${s.attempts} attempts)</span>` : ''}</div></div>
</li>`)}</ol>`
    : html`<div class="empty">No steps yet.</div>`}
</section>`;
}

const emailItem = (e: EmailView) => html`<li class="item" data-email-id="${e.id}" data-status="${e.status}">
  <div class="item-head"><strong>${e.subject}</strong><span class="grow"></span>${stateBadge(e.status)} ${testBadge(e.testMode)}</div>
  <div class="meta">to ${e.to} · ${formatDateTime(e.createdAt)}${e.sentAt ? ` · sent ${formatDateTime(e.sentAt)}` : ''}</div>
  ${e.error ? html`<div class="error-text">${e.error}</div>` : ''}
  <pre class="email-body">${e.text}</pre>
</li>`;

/** One run of an automation: what set it off, its steps, and the emails it sent or kept. */
export function automationRunPage(p: AutomationRunPageProps): string {
  const { run, project } = p;
  const name = run.automationName ?? run.automationId;
  return projectPage({
    title: `${name} run`,
    nonce: p.nonce,
    csrf: p.csrf,
    project,
    active: 'automations',
    body: html`<div class="page-head"><div class="crumbs">Settings / <a href="${paths.automations(project.id)}">Automations</a> /</div>
  <h1 data-run-id="${run.id}">${name} run</h1>
  <p class="sub">${run.summary} · <span class="mono">${run.id}</span></p></div>
<div class="profile-grid">
  <div>${stepsPanel(run)}
    <section class="panel" data-panel="emails"><div class="panel-head"><h2>Emails</h2></div>
    ${run.emails.length ? html`<ul class="items">${run.emails.map(emailItem)}</ul>` : html`<div class="empty">This run has sent no email.</div>`}</section></div>
  <div>${facts(p)}</div>
</div>`,
  });
}
