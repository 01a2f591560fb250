import type { presentProfileEvent } from '../presenters/profile-event';
import { formatDate, formatDateTime, formatMoney, fromUnix } from './format';
import { html, type SafeHtml } from './html';

export type TimelineEntry = ReturnType<typeof presentProfileEvent>;
type Props = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const money = (p: Props, amountKey: string): string | null => {
  const amount = num(p[amountKey]);
  const currency = text(p.currency);
  return amount !== null && currency ? formatMoney(amount, currency) : null;
};
const day = (unixSeconds: unknown): string | null => {
  const s = num(unixSeconds);
  return s === null ? null : formatDate(fromUnix(s));
};
const joined = (parts: (string | null | false)[]) => parts.filter(Boolean).join(' · ');

/** `Pro monthly · $49.00 / month` */
function plan(p: Props): string {
  const price = money(p, 'amount');
  const interval = text(p.interval);
  return joined([text(p.nickname) ?? (list(p.priceIds).join(', ') || null), price && (interval ? `${price} / ${interval}` : price)]);
}

/** A changed field's value in words: yes/no, dates for Stripe timestamps, "none" for null. */
function changedValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number' && /(_at|_end|_start)$/.test(key)) return formatDate(fromUnix(v));
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

const FIELD_LABELS: Record<string, string> = { price: 'Plan', status: 'Status', cancel_at_period_end: 'Cancel at period end', quantity: 'Quantity' };
const fieldLabel = (key: string) => FIELD_LABELS[key] ?? (key.charAt(0).toUpperCase() + key.slice(1)).replace(/_/g, ' ');

function changes(p: Props): string[] {
  const all = p.changes && typeof p.changes === 'object' ? (p.changes as Record<string, { from?: unknown; to?: unknown }>) : {};
  return Object.entries(all).map(([key, c]) => `${fieldLabel(key)}: ${changedValue(key, c?.from)} → ${changedValue(key, c?.to)}`);
}

/** Up to six plain properties, for events this page has no words for. */
const generic = (p: Props): string =>
  Object.entries(p).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).slice(0, 6)
    .map(([k, v]) => `${k}: ${String(v)}`).join(' · ');

/** The key properties of each Stripe profile event, in words; one string per line. */
const DESCRIBE: Record<string, (p: Props) => string[]> = {
  'Stripe Subscription Created': (p) => [joined([plan(p), text(p.status) && `status ${text(p.status)}`, day(p.trialEnd) && `trial until ${day(p.trialEnd)}`])],
  'Stripe Subscription Updated': (p) => [...changes(p), `Now: ${joined([plan(p), text(p.status)])}`],
  'Stripe Subscription Deleted': (p) => [joined([plan(p), 'canceled'])],
  'Stripe Subscription Trial Will End': (p) => [joined([plan(p), day(p.trialEnd) ? `trial ends ${day(p.trialEnd)}` : 'trial ends soon'])],
  'Stripe Charge Succeeded': (p) => [joined([money(p, 'amount'), text(p.description)])],
  'Stripe Charge Failed': (p) => [joined([money(p, 'amount'), text(p.failureMessage) ?? 'declined', text(p.failureCode)])],
  'Stripe Charge Refunded': (p) => [joined([`${money(p, 'amountRefunded') ?? 'An amount'} refunded of ${money(p, 'amount') ?? 'the charge'}`, text(p.description)])],
  'Stripe Invoice Upcoming': (p) => [joined([
    money(p, 'amountDue') && `${money(p, 'amountDue')} due`,
    day(p.nextPaymentAttempt ?? p.periodEnd) && `on ${day(p.nextPaymentAttempt ?? p.periodEnd)}`,
    text(p.subscriptionId) && `for ${text(p.subscriptionId)}`,
  ])],
};

const TONE: [RegExp, string][] = [[/Failed|Deleted/, 'bad'], [/Succeeded|Created/, 'ok'], [/Refunded|Trial|Upcoming/, 'warn']];
const toneOf = (name: string) => TONE.find(([re]) => re.test(name))?.[1] ?? 'info';

const SOURCE_LABEL: Record<TimelineEntry['source'], string> = { stripe: 'Stripe', api: 'API', automation: 'Automation' };

export function timelineEntry(e: TimelineEntry): SafeHtml {
  const lines = (DESCRIBE[e.name]?.(e.properties) ?? [generic(e.properties)]).filter(Boolean);
  return html`<li class="entry" data-event-name="${e.name}" data-event-id="${e.id}">
  <span class="dot ${toneOf(e.name)}" aria-hidden="true"></span>
  <div class="entry-body">
    <div class="entry-head"><strong>${e.name}</strong>
      ${e.historical ? html`<span class="badge plain muted" title="Imported from Stripe's history by the first sync" data-historical>Historical</span>` : ''}
      <span class="grow"></span><time datetime="${e.occurredAt}">${formatDateTime(e.occurredAt)}</time></div>
    ${lines.map((l) => html`<div class="entry-detail">${l}</div>`)}
    <div class="meta">${SOURCE_LABEL[e.source]}${e.stripeEventId ? html` · <span class="mono">${e.stripeEventId}</span>` : ''}</div>
  </div>
</li>`;
}
