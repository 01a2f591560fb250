import type { Project } from '../../domain/project';
import type { ChargeView, SubscriptionView } from '../presenters/billing';
import type { CustomerDetailView } from '../presenters/customer';
import { chargesPanel, subscriptionsPanel } from './billing-panels';
import { buttonForm } from './forms';
import { formatDateTime } from './format';
import { html, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paths } from './paths';
import { timelineEntry, type TimelineEntry } from './timeline';

export interface CustomerPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  customer: CustomerDetailView;
  /** a page of the timeline, newest first; `cursor` is the page's own (absent on the first) */
  timeline: { data: TimelineEntry[]; nextCursor: string | null; cursor?: string };
  subscriptions: SubscriptionView[];
  charges: { data: ChargeView[]; total: number };
  /** after "Resync this customer": how many objects were out of date */
  resynced?: { repaired: number };
}

function resyncedNotice(resynced: CustomerPageProps['resynced']): SafeHtml | string {
  if (!resynced) return '';
  const what = resynced.repaired === 0
    ? 'nothing differed from what was stored.'
    : `${resynced.repaired === 1 ? 'one object was' : `${resynced.repaired} objects were`} out of date and ${resynced.repaired === 1 ? 'is' : 'are'} repaired.`;
  return html`<div class="alert ok notice" role="status" data-notice="resynced"><div class="grow">Refetched from Stripe with its subscriptions and charges: ${what}</div></div>`;
}

function traitTable(title: string, entries: [string, unknown][], empty: string): SafeHtml {
  return html`<section class="panel">
  <div class="panel-head"><h2>${title}</h2></div>
  ${entries.length
    ? html`<table class="traits"><tbody>${entries.map(([k, v]) => html`<tr data-trait="${k}"><td class="mono">${k}</td><td>${String(v)}</td></tr>`)}</tbody></table>`
    : html`<div class="empty">${empty}</div>`}
</section>`;
}

/** Whether the customer opted out of marketing email (win-back and the like); account emails still go. */
function marketingLine(customer: CustomerDetailView): SafeHtml {
  const u = customer.unsubscribed;
  return u
    ? html`<p class="sub" data-unsubscribed="${u.source}"><span class="badge muted">Unsubscribed</span> from marketing email on ${formatDateTime(u.at)} (${u.source === 'link' ? 'the email\'s unsubscribe link' : u.source})</p>`
    : html`<p class="sub" data-subscribed>Receives marketing email.</p>`;
}

function timelinePanel(p: CustomerPageProps): SafeHtml {
  const here = paths.customer(p.project.id, p.customer.id);
  const { data, nextCursor, cursor } = p.timeline;
  return html`<section class="panel" data-panel="timeline">
  <div class="panel-head"><div class="grow"><h2>Timeline</h2><p class="sub">What happened, newest first${cursor ? ' (older entries)' : ''}.</p></div>
    <a class="button secondary" href="${here}">${cursor ? '← Newest' : 'Refresh'}</a></div>
  ${data.length
    ? html`<ol class="timeline" data-timeline>${data.map(timelineEntry)}</ol>`
    : html`<div class="empty">${cursor ? 'No older entries.' : 'Nothing yet. Stripe events for this customer appear here as they happen.'}</div>`}
  ${nextCursor ? html`<div class="pager"><a class="button secondary" href="${here}?cursor=${encodeURIComponent(nextCursor)}" data-older>Older entries →</a></div>` : ''}
</section>`;
}

/** One customer profile: its timeline, its Stripe subscriptions and charges, its traits. */
export function customerPage(p: CustomerPageProps): string {
  const { project, customer } = p;
  const entries = Object.entries(customer.traits).sort(([a], [b]) => a.localeCompare(b));
  const stripe = entries.filter(([k]) => k.startsWith('stripe.'));
  const own = entries.filter(([k]) => !k.startsWith('stripe.'));
  const name = customer.traits['stripe.name'];
  return projectPage({
    title: customer.email ?? customer.id,
    nonce: p.nonce,
    csrf: p.csrf,
    project,
    active: 'customers',
    body: html`<div class="page-head"><div class="crumbs"><a href="${paths.customers(project.id)}">Customers</a> /</div>
  <h1>${customer.email ?? 'Customer without email'}</h1>
  <p class="sub">${typeof name === 'string' && name ? html`${name} · ` : ''}<span class="mono">${customer.id}</span> · created ${formatDateTime(customer.createdAt)} · updated ${formatDateTime(customer.updatedAt)}</p>
  ${marketingLine(customer)}
  ${customer.traits['stripe.customer_id'] ? html`<div data-resync-customer>${buttonForm(paths.customerResyncForm(project.id, customer.id), p.csrf, 'Resync this customer', 'button secondary small')}</div>` : ''}</div>
${resyncedNotice(p.resynced)}
<div class="profile-grid">
  <div>${timelinePanel(p)}</div>
  <div>
    ${subscriptionsPanel(p.subscriptions)}
    ${chargesPanel(p.charges.data, p.charges.total)}
  </div>
</div>
<div class="two-col">
  ${traitTable('Stripe traits', stripe, 'Not linked to a Stripe customer.')}
  ${traitTable('Custom traits', own, 'No custom traits yet. Add them with PATCH /api/v1/customers/:id.')}
</div>`,
  });
}
