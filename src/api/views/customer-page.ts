import type { Project } from '../../domain/project';
import type { CustomerView } from '../presenters/customer';
import { html, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paths } from './paths';

export interface CustomerPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  customer: CustomerView;
}

function traitTable(title: string, entries: [string, unknown][], empty: string): SafeHtml {
  return html`<section class="panel">
  <div class="panel-head"><h2>${title}</h2></div>
  ${entries.length
    ? html`<table class="traits"><tbody>${entries.map(([k, v]) => html`<tr data-trait="${k}"><td class="mono">${k}</td><td>${String(v)}</td></tr>`)}</tbody></table>`
    : html`<div class="empty">${empty}</div>`}
</section>`;
}

/** One customer profile: its Stripe traits and the product's own. */
export function customerPage({ nonce, csrf, project, customer }: CustomerPageProps): string {
  const entries = Object.entries(customer.traits).sort(([a], [b]) => a.localeCompare(b));
  const stripe = entries.filter(([k]) => k.startsWith('stripe.'));
  const own = entries.filter(([k]) => !k.startsWith('stripe.'));
  return projectPage({
    title: customer.email ?? customer.id,
    nonce,
    csrf,
    project,
    active: 'customers',
    body: html`<div class="page-head"><div class="crumbs"><a href="${paths.customers(project.id)}">Customers</a> /</div>
  <h1>${customer.email ?? 'Customer without email'}</h1>
  <p class="sub"><span class="mono">${customer.id}</span> · created ${new Date(customer.createdAt).toUTCString()} · updated ${new Date(customer.updatedAt).toUTCString()}</p></div>
<div class="two-col">
  ${traitTable('Stripe traits', stripe, 'Not linked to a Stripe customer.')}
  ${traitTable('Custom traits', own, 'No custom traits yet. Add them with PATCH /api/v1/customers/:id.')}
</div>`,
  });
}
