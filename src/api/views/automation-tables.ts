import type { AutomationRunView } from '../presenters/automation-run';
import type { EmailView } from '../presenters/email';
import { stateBadge, testBadge } from './automation-badges';
import { formatDateTime } from './format';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

const customerLink = (projectId: string, id: string | null, email: string | null) =>
  id ? html`<a href="${paths.customer(projectId, id)}">${email ?? id}</a>` : html`<span class="meta">${email ?? '—'}</span>`;

/** Runs, newest first: when, which automation, whom, how it stands; each opens its run page. */
export function runsTable(projectId: string, runs: AutomationRunView[], empty: string): SafeHtml {
  if (runs.length === 0) return html`<div class="empty" data-no-runs>${empty}</div>`;
  return html`<table class="compact" data-runs><thead><tr><th>Started</th><th>Automation</th><th>Customer</th><th>Status</th><th>Now / result</th></tr></thead><tbody>
${runs.map((r) => html`<tr data-run-id="${r.id}" data-automation="${r.automationId}" data-status="${r.status}">
  <td class="nowrap"><a href="${paths.automationRun(projectId, r.id)}" data-run-link>${formatDateTime(r.createdAt)}</a></td>
  <td>${r.automationName ?? r.automationId}</td>
  <td>${customerLink(projectId, r.profile.id, r.profile.email)}</td>
  <td class="nowrap">${stateBadge(r.status)} ${testBadge(r.testMode)}</td>
  <td>${r.currentStep ?? r.result ?? ''}</td>
</tr>`)}
</tbody></table>`;
}

/** The outbox: every email automations sent or kept, newest first; test ones marked. */
export function emailsTable(projectId: string, emails: EmailView[], empty: string): SafeHtml {
  if (emails.length === 0) return html`<div class="empty" data-no-emails>${empty}</div>`;
  return html`<table class="compact" data-emails><thead><tr><th>When</th><th>To</th><th>Subject</th><th>Status</th><th>Run</th></tr></thead><tbody>
${emails.map((e) => html`<tr data-email-id="${e.id}" data-status="${e.status}">
  <td class="nowrap">${formatDateTime(e.createdAt)}</td>
  <td>${customerLink(projectId, e.profileId, e.to)}</td>
  <td>${e.subject}${e.error ? html`<div class="error-text">${e.error}</div>` : ''}</td>
  <td class="nowrap">${stateBadge(e.status)} ${testBadge(e.testMode)}</td>
  <td>${e.runId ? html`<a href="${paths.automationRun(projectId, e.runId)}">View run</a>` : ''}</td>
</tr>`)}
</tbody></table>`;
}
