import { repairedCount } from '../../domain/drift';
import type { StripeObjectType } from '../../domain/sync-slices';
import type { ConnectionView } from '../presenters/connection';
import { formatDateTime } from './format';
import { html, type SafeHtml } from './html';

const KIND_LABEL: Record<StripeObjectType, [string, string]> = {
  customers: ['customer', 'customers'], subscriptions: ['subscription', 'subscriptions'], charges: ['charge', 'charges'],
};

const counted = (n: number, kind: StripeObjectType) => `${n} ${KIND_LABEL[kind][n === 1 ? 0 : 1]}`;

/** `weekly`, `daily`, `every 6 hours`, `off` */
export function everyLabel(hours: number): string {
  if (hours === 0) return 'off';
  if (hours === 168) return 'weekly';
  if (hours === 24) return 'daily';
  return hours === 1 ? 'hourly' : `every ${hours} hours`;
}

function outcome(last: NonNullable<ConnectionView['driftCheck']['last']>): SafeHtml | string {
  if (last.status === 'running') return html`running since ${formatDateTime(last.startedAt)}`;
  const when = formatDateTime(last.finishedAt ?? last.startedAt);
  if (last.status === 'failed') return html`the last one, ${when}, failed: <span class="error-text">${last.error ?? 'unknown error'}</span>`;
  const kinds = Object.entries(last.counts) as [StripeObjectType, (typeof last.counts)[StripeObjectType]][];
  const repaired = kinds.reduce((n, [, d]) => n + repairedCount(d), 0);
  if (repaired === 0) return html`last run ${when}: nothing to repair`;
  return html`last run ${when}: repaired ${kinds.map(([kind, d], i) => html`${i ? ', ' : ''}<span data-drift-kind="${kind}">${counted(repairedCount(d), kind)}</span>`)}`;
}

/** The drift check's line on a connection's card: how often, and what the latest one repaired per kind. */
export function driftCheckSummary(c: ConnectionView): SafeHtml {
  const { everyHours, last } = c.driftCheck;
  return html`<p class="meta" data-drift-check="${last?.status ?? ''}" title="Compares Stripe's customers, subscriptions and charges with what is stored, and repairs what differs">
  Drift check ${everyLabel(everyHours)} · ${last ? outcome(last) : 'not run yet'}</p>`;
}
