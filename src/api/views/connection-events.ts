import type { ConnectionPanel } from '../queries/connection-panels';
import { ageLabel, formatDateTime } from './format';
import { buttonForm } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

type Webhooks = ConnectionPanel['connection']['webhooks'];

const STATS: { key: keyof Webhooks; label: string; help: string; tone?: string }[] = [
  { key: 'received', label: 'received', help: 'Stripe events stored for this connection' },
  { key: 'rejected', label: 'rejected', help: 'Deliveries refused because their signature did not verify', tone: 'warn' },
  { key: 'ignored', label: 'ignored', help: 'Events kept but not used: types the product does not need, or skipped dead events' },
  { key: 'dead', label: 'dead', help: 'Events that kept failing and were set aside; retry or skip them below', tone: 'bad' },
];

/** "Last event 3 minutes ago"; the page's script keeps the words current. */
export function lastEvent(lastEventAt: string | null, now: Date): SafeHtml {
  if (!lastEventAt) return html`<span data-last-event-wrap>No events yet</span>`;
  const age = ageLabel(Math.max(0, (now.getTime() - Date.parse(lastEventAt)) / 1000));
  return html`<span data-last-event-wrap>Last event <time data-last-event datetime="${lastEventAt}" title="${formatDateTime(lastEventAt)}">${age}</time></span>`;
}

/** The connection's live events: what arrived, what was refused or set aside, and when the newest one happened. */
export function webhookStats(c: ConnectionPanel['connection'], now: Date): SafeHtml {
  return html`<div class="webhooks" data-webhooks data-dead="${c.webhooks.dead}">
  <span class="webhooks-title">Live events</span>
  ${STATS.map((s) => html`<span class="stat ${s.tone && c.webhooks[s.key] > 0 ? s.tone : ''}" data-webhook="${s.key}" data-tone="${s.tone ?? ''}" title="${s.help}"><strong data-n>${c.webhooks[s.key].toLocaleString('en-US')}</strong> ${s.label}</span>`)}
  <span class="grow"></span>
  <span class="meta">${lastEvent(c.lastEventAt, now)}</span>
</div>${c.liveEvents === 'polling' ? html`<p class="meta" data-live-events="polling">Stripe cannot send webhooks to this address (or no endpoint is registered), so live events arrive by reading Stripe's event list every few minutes.</p>` : html``}`;
}

/** Dead events with what went wrong, and a Retry and a Skip button each. */
export function deadEventList(projectId: string, p: ConnectionPanel, csrf: string): SafeHtml {
  if (!p.deadEvents.length) return html``;
  const n = p.deadEvents.length;
  return html`<div class="dead-events" data-dead-events>
  <div class="dead-head"><strong>${n === 1 ? 'One event' : `${n} events`} could not be processed.</strong>
    <span class="meta">After repeated failures ${n === 1 ? 'it was' : 'they were'} set aside. Retry puts an event back in line; Skip ignores it for good.</span></div>
  <table class="compact"><thead><tr><th>Event</th><th>Attempts</th><th>Last error</th><th>Created</th><th></th></tr></thead>
  <tbody>${p.deadEvents.map((e) => html`<tr data-dead-event="${e.stripeEventId}">
    <td><div>${e.type}</div><div class="mono meta">${e.stripeEventId}</div></td>
    <td>${e.attempts}</td>
    <td class="error-text">${e.lastError ?? '—'}</td>
    <td class="nowrap" title="received ${formatDateTime(e.receivedAt)}">${formatDateTime(e.createdAt)}</td>
    <td class="actions">${buttonForm(paths.deadEventAction(projectId, p.connection.id, e.stripeEventId, 'retry'), csrf, 'Retry', 'button small')}
      ${buttonForm(paths.deadEventAction(projectId, p.connection.id, e.stripeEventId, 'skip'), csrf, 'Skip', 'button small secondary')}</td>
  </tr>`)}</tbody></table>
</div>`;
}
