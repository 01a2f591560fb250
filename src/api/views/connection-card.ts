import type { ConnectionView } from '../presenters/connection';
import { etaLabel, objectProgress, phaseLabel, progressLabel, type TrackedObject } from '../presenters/sync-progress';
import type { ConnectionPanel } from '../queries/connection-panels';
import { deadEventList, webhookStats } from './connection-events';
import { disconnectedNotice, disconnectForm, reconnectButton } from './connection-lifecycle';
import { driftCheckSummary } from './drift-check-summary';
import { formatDate, formatDateTime } from './format';
import { buttonForm } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';
import { simulateForm } from './simulate-form';

const OBJECTS: { type: TrackedObject; label: string }[] = [
  { type: 'customers', label: 'Customers' },
  { type: 'subscriptions', label: 'Subscriptions' },
  { type: 'charges', label: 'Charges' },
];

const STATUS_LABEL: Record<ConnectionView['status'], string> = {
  syncing: 'Syncing',
  active: 'Active',
  needs_reconnect: 'Needs reconnect',
  error: 'Error',
  disconnected: 'Disconnected',
};

const MODE_LABEL: Record<ConnectionView['mode'], string> = { oauth: 'Stripe Connect', api_key: 'restricted API key', app: 'Stripe App' };

function objectBox(sync: NonNullable<ConnectionView['sync']>, type: TrackedObject, label: string): SafeHtml {
  const p = objectProgress(sync, type);
  const state = p.done ? 'done' : p.percent === null ? 'unknown' : '';
  return html`<div class="object ${state}" data-object="${type}">
  <div class="object-head"><span class="label">${label}</span><span class="count" data-count>${progressLabel(p)}</span></div>
  <div class="bar" role="progressbar" aria-label="${label}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${p.percent ?? ''}"><div class="fill" style="width:${p.percent ?? 0}%"></div></div>
</div>`;
}

function syncSection(c: ConnectionView): SafeHtml {
  const sync = c.sync;
  if (!sync) return c.status === 'syncing' ? html`<div class="sync-foot"><span data-phase-label>Starting…</span><span data-eta></span></div>` : html``;
  const unmatched = sync.counts.unmatchedCharges;
  return html`<div class="progress-grid">${OBJECTS.map((o) => objectBox(sync, o.type, o.label))}</div>
<div class="sync-foot">
  <span><span data-phase-label>${phaseLabel(sync.phase)}</span>${sync.finishedAt ? html` · ${formatDate(sync.finishedAt)}` : ''}
    <span data-unmatched>${unmatched ? ` · ${unmatched.toLocaleString('en-US')} charges without a matching customer` : ''}</span></span>
  <span data-eta>${etaLabel(sync.etaSeconds)}</span>
</div>`;
}

/** How the last sync ended, in words: a sync ended from outside says so. */
const ENDING: Partial<Record<NonNullable<ConnectionView['sync']>['status'], string>> = {
  terminated: 'The sync was terminated.',
  timed_out: 'The sync timed out.',
  canceled: 'The sync was canceled.',
};

function problem(projectId: string, c: ConnectionView, retry: SafeHtml): SafeHtml {
  if (c.status === 'error') {
    const message = c.sync?.error ?? c.statusMessage ?? 'The last sync did not finish.';
    const headline = (c.sync && ENDING[c.sync.status]) ?? 'The sync failed.';
    const at = c.sync?.errorAt ? html`<div class="help" data-error-at>${formatDateTime(c.sync.errorAt)} · Retry continues where it stopped.</div>` : '';
    return html`<div class="alert bad" role="alert" data-error data-sync-status="${c.sync?.status ?? ''}"><div class="grow"><strong>${headline}</strong> ${message}${at}</div>${retry}</div>`;
  }
  if (c.status === 'needs_reconnect') {
    return html`<div class="alert bad" role="alert" data-error><div class="grow"><strong>Stripe access was revoked or has expired.</strong>
  ${c.statusMessage ?? ''} Connect the account again to resume syncing.</div>${reconnectButton(projectId, c)}</div>`;
  }
  if (c.status === 'disconnected') return disconnectedNotice(projectId, c);
  return html``;
}

/**
 * One connected account: its badges, its sync's progress per object type, its live events (dead
 * ones to retry or skip), what to do next, and in demo mode a way to simulate Stripe activity.
 */
export function connectionCard(projectId: string, panel: ConnectionPanel, csrf: string, now: Date): SafeHtml {
  const c = panel.connection;
  const syncForm = (label: string, primary: boolean) =>
    buttonForm(paths.resyncForm(projectId, c.id), csrf, label, primary ? 'button' : 'button secondary');
  return html`<section class="connection" data-connection-id="${c.id}" data-status="${c.status}" data-phase="${c.sync?.phase ?? ''}">
  <div class="connection-head">
    <span class="name">${c.accountName ?? c.stripeAccountId}</span>
    ${c.livemode ? html`<span class="badge live plain">Live</span>` : html`<span class="badge test plain" data-test-badge>Test mode</span>`}
    <span class="badge ${c.status}" data-status-badge>${STATUS_LABEL[c.status]}</span>
    <span class="grow"></span>
    ${c.status === 'active' ? syncForm('Resync', false) : ''}
  </div>
  <div class="meta"><span class="mono">${c.stripeAccountId}</span> · via ${MODE_LABEL[c.mode]} · connected ${formatDate(c.connectedAt)}</div>
  ${syncSection(c)}
  ${problem(projectId, c, syncForm('Retry', true))}
  ${c.status === 'disconnected' ? '' : html`${webhookStats(c, now)}${driftCheckSummary(c)}`}
  ${deadEventList(projectId, panel, csrf)}
  ${panel.simulation ? simulateForm(projectId, c.id, panel.simulation.customers, csrf) : ''}
  ${disconnectForm(projectId, c, csrf)}
</section>`;
}
