import type { ChargeView, SubscriptionView } from '../presenters/billing';
import { formatDate, formatMoney } from './format';
import { html, type SafeHtml } from './html';

const STATUS_TONE: Record<string, string> = {
  active: 'active', succeeded: 'active', trialing: 'syncing', past_due: 'error', unpaid: 'error', incomplete: 'test', paused: 'test',
};
const words = (status: string) => (status.charAt(0).toUpperCase() + status.slice(1)).replace(/_/g, ' ');
const statusBadge = (status: string, label = words(status), tone = STATUS_TONE[status] ?? 'disconnected') =>
  html`<span class="badge ${tone}" data-state="${status}">${label}</span>`;

function price(s: SubscriptionView): string {
  if (!s.currency) return '';
  const every = s.interval ? ` / ${s.intervalCount > 1 ? `${s.intervalCount} ${s.interval}s` : s.interval}` : '';
  return `${formatMoney(s.amount, s.currency)}${every}`;
}

function period(s: SubscriptionView): string {
  if (s.endedAt) return `ended ${formatDate(s.endedAt)}`;
  if (s.status === 'trialing' && s.trialEnd) return `trial ends ${formatDate(s.trialEnd)}`;
  if (!s.currentPeriodEnd) return '';
  return `${s.cancelAtPeriodEnd ? 'cancels' : 'renews'} ${formatDate(s.currentPeriodEnd)}`;
}

function subscriptionItem(s: SubscriptionView): SafeHtml {
  return html`<li class="item" data-subscription-id="${s.id}">
  <div class="item-head"><strong>${s.plan ?? s.id}</strong><span class="grow"></span>${statusBadge(s.status)}</div>
  <div class="meta">${price(s)}${price(s) && period(s) ? ' · ' : ''}${period(s)}</div>
  <div class="meta mono">${s.id}</div>
</li>`;
}

function chargeBadge(c: ChargeView): SafeHtml {
  if (c.status === 'failed') return statusBadge('failed', 'Failed', 'error');
  if (c.refunded) return statusBadge('refunded', 'Refunded', 'disconnected');
  if (c.amountRefunded > 0) return statusBadge('partially_refunded', 'Partially refunded', 'test');
  return statusBadge(c.status);
}

function chargeItem(c: ChargeView): SafeHtml {
  const note = c.status === 'failed' ? c.failureMessage ?? c.failureCode : c.description;
  return html`<li class="item" data-charge-id="${c.id}">
  <div class="item-head"><strong>${formatMoney(c.amount, c.currency)}</strong><span class="grow"></span>${chargeBadge(c)}</div>
  <div class="meta">${formatDate(c.createdAt)}${c.amountRefunded > 0 ? html` · <span data-refunded>${formatMoney(c.amountRefunded, c.currency)} refunded</span>` : ''}${note ? ` · ${note}` : ''}</div>
</li>`;
}

const panel = (title: string, count: SafeHtml | string, body: SafeHtml, id: string) => html`<section class="panel" data-panel="${id}">
  <div class="panel-head"><h2 class="grow">${title}</h2><span class="meta">${count}</span></div>
  ${body}
</section>`;

export const subscriptionsPanel = (subscriptions: SubscriptionView[]): SafeHtml =>
  panel('Subscriptions', subscriptions.length ? String(subscriptions.length) : '', subscriptions.length
    ? html`<ul class="items">${subscriptions.map(subscriptionItem)}</ul>`
    : html`<div class="empty">No subscriptions in Stripe.</div>`, 'subscriptions');

export const chargesPanel = (charges: ChargeView[], total: number): SafeHtml =>
  panel('Charges', total > charges.length ? `latest ${charges.length} of ${total.toLocaleString('en-US')}` : total ? String(total) : '', charges.length
    ? html`<ul class="items">${charges.map(chargeItem)}</ul>`
    : html`<div class="empty">No charges in Stripe.</div>`, 'charges');
